package dev.shipshape.backup.job;

import dev.shipshape.backup.engine.Containers;
import dev.shipshape.backup.persistence.BackupJob;
import dev.shipshape.backup.persistence.BackupJobRepository;
import dev.shipshape.common.engine.HostEngines;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Runs queued jobs one at a time, oldest first: a dump and its verification already use both cores
 * of a small host, and one at a time keeps each host's requests in order.
 */
@ApplicationScoped
public class JobWorker {
  private static final Logger LOG = Logger.getLogger(JobWorker.class);

  /** Fired when a job is queued; the worker wakes after the transaction commits. */
  public record Queued() {}

  private final BackupJobRepository jobs;
  private final BackupProcedure backups;
  private final RestoreProcedure restores;
  private final HostEngines engines;
  private final Containers containers;
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "backup-worker"));
  private final AtomicBoolean drainScheduled = new AtomicBoolean();
  // Only the worker thread reads and writes it.
  private boolean sweepFirst = true;

  public JobWorker(
      BackupJobRepository jobs,
      BackupProcedure backups,
      RestoreProcedure restores,
      HostEngines engines,
      Containers containers) {
    this.jobs = jobs;
    this.backups = backups;
    this.restores = restores;
    this.engines = engines;
    this.containers = containers;
  }

  void start(@Observes StartupEvent event) {
    kick();
  }

  void stop(@Observes ShutdownEvent event) {
    thread.shutdownNow();
  }

  void queued(@Observes(during = TransactionPhase.AFTER_SUCCESS) Queued event) {
    kick();
  }

  @Scheduled(every = "${shipshape.backup.poll-interval:2s}")
  void poll() {
    kick();
  }

  /**
   * No job runs yet: a scratch container on any engine was left by a verification this service was
   * running when it died (kill -9, a crash), where the cleanup in {@code finally} never ran. One
   * backup service serves a host's engine, so none of them is in use.
   */
  private void removeLeftScratch() {
    for (String host : engines.hosts()) {
      try {
        int removed = containers.removeAllScratch(engines.of(host).orElseThrow());
        if (removed > 0) {
          LOG.warnf("removed %d scratch container(s) left on %s by an earlier run", removed, host);
        }
      } catch (RuntimeException e) {
        LOG.warnf("could not look for left scratch containers on %s: %s", host, e.getMessage());
      }
    }
  }

  private void kick() {
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
    if (sweepFirst) {
      removeLeftScratch();
      sweepFirst = false;
    }
    try {
      Optional<BackupJob> next;
      while ((next = QuarkusTransaction.requiringNew().call(jobs::nextPending)).isPresent()) {
        BackupJob job = next.get();
        if (BackupJob.RESTORE.equals(job.jobType)) {
          restores.run(job);
        } else {
          backups.run(job);
        }
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "backup worker failed; retrying on the next poll");
    }
  }
}
