package dev.shipshape.common.job;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs a service's queued jobs one at a time on one thread, oldest first, so each host's commands
 * stay in order and a job never races another. The worker wakes when a job is queued (after the
 * queueing transaction commits), at start, and on the service's poll, a backstop for wake-ups lost
 * to a crash or a failed drain. A subclass is the service's worker bean: it says how the next job
 * is found and run, and what to put right before jobs run again after a crash or a failed drain.
 * Make it a {@code @Singleton}: a client proxy would need a constructor without the thread's name.
 */
public abstract class JobRunner<J> {
  private static final Logger LOG = Logger.getLogger(JobRunner.class);

  /** Fired inside the transaction that queues a job; the worker wakes once it commits. */
  public record Queued() {}

  private final String threadName;
  private final ExecutorService thread;
  // One drain waiting at a time: it takes every job committed before it starts, so a burst of
  // kicks costs one drain, not one each.
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  // What to put right before the next job; only the worker thread reads and writes it.
  private Runnable recoveryOwed = this::recoverFromCrash;

  /** Takes the worker thread's name, as it shows in thread dumps and logs. */
  protected JobRunner(String threadName) {
    this.threadName = threadName;
    this.thread = Executors.newSingleThreadExecutor(r -> new Thread(r, threadName));
  }

  /** The oldest job waiting, read in a transaction of its own; empty when none waits. */
  protected abstract Optional<J> next();

  /**
   * Runs one job to its end and records its outcome. What it throws ends this drain: the job stays
   * queued for the next one, after {@link #recoverFromFailedDrain()}.
   */
  protected abstract void run(J job);

  /**
   * Before the first job of this process: puts right what a process that died mid-job left (no job
   * runs yet, and this is the only worker thread). Runs again on the next drain if it throws.
   */
  protected void recoverFromCrash() {}

  /**
   * Before the next job after a drain failed (the database went away under a job): puts right what
   * the failed job left half done. Runs again on the next drain if it throws.
   */
  protected void recoverFromFailedDrain() {}

  void started(@Observes StartupEvent event) {
    kick();
  }

  void stopped(@Observes ShutdownEvent event) {
    thread.shutdownNow();
  }

  void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Queued event) {
    kick();
  }

  /** Wakes the worker unless a drain is already waiting; cheap, and safe from any thread. */
  public void kick() {
    if (drainScheduled.compareAndSet(false, true)) {
      try {
        thread.submit(this::drain);
      } catch (RejectedExecutionException e) {
        drainScheduled.set(false); // shutting down: the next start drains what is left
      }
    }
  }

  private void drain() {
    drainScheduled.set(false);
    try {
      if (recoveryOwed != null) {
        recoveryOwed.run();
        recoveryOwed = null;
      }
      Optional<J> next;
      while ((next = next()).isPresent()) {
        run(next.get());
      }
    } catch (RuntimeException e) {
      // A recovery that threw is owed still; otherwise a job threw and may have left work half
      // done.
      if (recoveryOwed == null) {
        recoveryOwed = this::recoverFromFailedDrain;
      }
      LOG.errorf(e, "%s failed; retrying on the next poll", threadName);
    }
  }
}
