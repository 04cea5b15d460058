package dev.shipshape.backup.job;

import dev.shipshape.backup.engine.Containers;
import dev.shipshape.backup.persistence.BackupJob;
import dev.shipshape.backup.persistence.BackupJobRepository;
import dev.shipshape.common.engine.HostEngines;
import dev.shipshape.common.job.JobRunner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Runs queued backups and restores one at a time, oldest first: a dump and its verification already
 * use both cores of a small host, and one at a time keeps each host's requests in order.
 */
@Singleton
public class JobWorker extends JobRunner<BackupJob> {
  private static final Logger LOG = Logger.getLogger(JobWorker.class);

  private final BackupJobRepository jobs;
  private final BackupProcedure backups;
  private final RestoreProcedure restores;
  private final HostEngines engines;
  private final Containers containers;

  public JobWorker(
      BackupJobRepository jobs,
      BackupProcedure backups,
      RestoreProcedure restores,
      HostEngines engines,
      Containers containers) {
    super("backup-worker");
    this.jobs = jobs;
    this.backups = backups;
    this.restores = restores;
    this.engines = engines;
    this.containers = containers;
  }

  @Scheduled(every = "${shipshape.backup.poll-interval:2s}")
  void poll() {
    kick();
  }

  @Override
  protected Optional<BackupJob> next() {
    return QuarkusTransaction.requiringNew().call(jobs::nextPending);
  }

  @Override
  protected void run(BackupJob job) {
    if (BackupJob.Type.RESTORE.equals(job.jobType)) {
      restores.run(job);
    } else {
      backups.run(job);
    }
  }

  /**
   * A scratch container on any engine was left by a verification this service was running when it
   * died (kill -9, a crash), where the cleanup in {@code finally} never ran. One backup service
   * serves a host's engine, so none of them is in use. A failed drain leaves none: the cleanup ran.
   */
  @Override
  protected void recoverFromCrash() {
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
}
