package dev.shipshape.deployer.persistence;

import dev.shipshape.deployer.persistence.DeployJob.Status;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Deploy jobs by the id of the event that asked for them; open jobs oldest first. */
@ApplicationScoped
public class DeployJobRepository implements PanacheRepositoryBase<DeployJob, String> {
  public Optional<DeployJob> nextPending() {
    return find("status = ?1 order by requestedAt", Status.PENDING).firstResultOptional();
  }

  /** Jobs that were running when the agent stopped. */
  public List<DeployJob> interrupted() {
    return list("status = ?1 order by requestedAt", Status.RUNNING);
  }

  /** Records a job's end on its row (the caller's transaction), keeping the phases it timed. */
  public void finish(DeployJob job, Status status, String reason) {
    DeployJob row = findById(job.eventId);
    row.status = status;
    row.phase = status.name();
    row.reason = reason;
    row.phaseMillis = job.phaseMillis;
    row.finishedAt = Instant.now();
  }
}
