package dev.shipshape.backup.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Backup jobs by the id of the event (or REST call) that asked for them. */
@ApplicationScoped
public class BackupJobRepository implements PanacheRepositoryBase<BackupJob, String> {
  /** The oldest job still waiting. */
  public Optional<BackupJob> nextPending() {
    return find("status = ?1 ORDER BY requestedAt", BackupJob.Status.REQUESTED)
        .firstResultOptional();
  }
}
