package dev.shipshape.backup.job;

import dev.shipshape.backup.persistence.BackupJob;
import dev.shipshape.backup.persistence.BackupJobRepository;
import dev.shipshape.common.engine.HostEngines;
import dev.shipshape.common.job.JobRunner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.transaction.Transactional;
import jakarta.transaction.Transactional.TxType;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Queues a backup or restore inside the caller's transaction (the consumer's, so "received" and
 * "queued" commit together). A job for a host this instance has no engine for is skipped with one
 * log line and no event: another instance may serve that host.
 */
@ApplicationScoped
public class JobQueue {
  private static final Logger LOG = Logger.getLogger(JobQueue.class);

  private final BackupJobRepository jobs;
  private final HostEngines engines;
  private final Event<JobRunner.Queued> queued;

  public JobQueue(BackupJobRepository jobs, HostEngines engines, Event<JobRunner.Queued> queued) {
    this.jobs = jobs;
    this.engines = engines;
    this.queued = queued;
  }

  /** Queues the job; false when its host is not served here. */
  @Transactional(TxType.MANDATORY)
  public boolean add(BackupJob job) {
    if (!engines.serves(job.host)) {
      LOG.infof(
          "update %s: %s of %s on %s skipped: no engine configured for that host here",
          job.updateId, job.jobType.name().toLowerCase(), job.service, job.host);
      return false;
    }
    job.status = BackupJob.Status.REQUESTED;
    job.requestedAt = Instant.now();
    jobs.persist(job);
    queued.fire(new JobRunner.Queued());
    LOG.infof(
        "update %s: %s %s of %s on %s queued",
        job.updateId, job.kind, job.jobType.name().toLowerCase(), job.service, job.host);
    return true;
  }
}
