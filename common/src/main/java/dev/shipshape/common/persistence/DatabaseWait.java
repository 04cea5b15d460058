package dev.shipshape.common.persistence;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs a unit of database work and, while the database is away (a restart, a failover), waits and
 * runs it again, however long that takes: the work itself is fine, so failing it would turn a
 * maintenance window into failed updates. Any other failure is the caller's to handle, at once.
 */
public final class DatabaseWait {
  private static final Logger LOG = Logger.getLogger(DatabaseWait.class);
  static final Duration FIRST_WAIT = Duration.ofMillis(250);
  static final Duration LONGEST_WAIT = Duration.ofSeconds(5);

  private static final Map<Thread, String> WAITING = new ConcurrentHashMap<>();

  private DatabaseWait() {}

  /** The work's result, once the database answered it. */
  public static <T> T call(String what, Callable<T> work) throws Exception {
    Duration wait = FIRST_WAIT;
    try {
      while (true) {
        try {
          return work.call();
        } catch (Exception e) {
          if (!DatabaseFailures.unavailable(e)) {
            throw e;
          }
          WAITING.put(Thread.currentThread(), what);
          LOG.warnf("database unavailable while %s; trying again in %s: %s", what, wait, e);
          pause(wait);
          wait =
              wait.multipliedBy(2).compareTo(LONGEST_WAIT) < 0
                  ? wait.multipliedBy(2)
                  : LONGEST_WAIT;
        }
      }
    } finally {
      WAITING.remove(Thread.currentThread());
    }
  }

  /** What waits for the database right now, one entry per waiting thread. */
  public static List<String> waitingNow() {
    return List.copyOf(WAITING.values());
  }

  /** {@link #call} for work that throws nothing checked. */
  public static <T> T get(String what, Supplier<T> work) {
    try {
      return call(what, work::get);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e); // a Supplier throws nothing checked
    }
  }

  public static void run(String what, Runnable work) {
    get(
        what,
        () -> {
          work.run();
          return null;
        });
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the database", e);
    }
  }
}
