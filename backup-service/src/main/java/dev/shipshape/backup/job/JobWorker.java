package dev.shipshape.backup.job;

import dev.shipshape.backup.persistence.BackupJob;
import dev.shipshape.backup.persistence.BackupJobRepository;
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
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(r -> new Thread(r, "backup-worker"));
  private final AtomicBoolean drainScheduled = new AtomicBoolean();

  public JobWorker(BackupJobRepository jobs, BackupProcedure backups, RestoreProcedure restores) {
    this.jobs = jobs;
    this.backups = backups;
    this.restores = restores;
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
