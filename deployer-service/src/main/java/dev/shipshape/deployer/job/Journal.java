package dev.shipshape.deployer.job;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.persistence.WaitsForDatabase;
import dev.shipshape.deployer.persistence.DeployJob;
import dev.shipshape.deployer.persistence.DeployJob.Status;
import dev.shipshape.deployer.persistence.DeployJobRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.logging.Logger;

/** Writes a job's phase before the phase runs, each in its own short transaction. */
@ApplicationScoped
@WaitsForDatabase
public class Journal {
  private static final Logger LOG = Logger.getLogger(Journal.class);

  private final DeployJobRepository jobs;

  public Journal(DeployJobRepository jobs) {
    this.jobs = jobs;
  }

  public void phase(DeployJob job, String phase) {
    job.phase = phase;
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              DeployJob row = jobs.findById(job.eventId);
              row.phase = phase;
              row.status = Status.RUNNING;
            });
    LOG.debugf("update %s: %s %s on %s: %s", job.updateId, job.kind, job.service, job.host, phase);
  }

  /** Saves what a later phase or a restarted agent needs to know. */
  public void save(DeployJob job, Map<String, Long> phaseMillis) {
    job.phaseMillis = EventCodec.toJson(phaseMillis);
    QuarkusTransaction.requiringNew()
        .run(
            () -> {
              DeployJob row = jobs.findById(job.eventId);
              row.containerName = job.containerName;
              row.previousReleaseId = job.previousReleaseId;
              row.targetReleaseId = job.targetReleaseId;
              row.targetImageId = job.targetImageId;
              row.configDiff = job.configDiff;
              row.phaseMillis = job.phaseMillis;
            });
  }
}
