package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The backups updates asked for. */
@ApplicationScoped
public class UpdateBackupRepository implements PanacheRepositoryBase<UpdateBackup, Long> {
  public List<UpdateBackup> ofUpdate(String updateId) {
    return list("updateId = ?1 order by id", updateId);
  }

  public List<UpdateBackup> onHost(String updateId, int wave, String host) {
    return list("updateId = ?1 and wave = ?2 and host = ?3 order by id", updateId, wave, host);
  }

  /** The newest backup of one service on one host within an update. */
  public Optional<UpdateBackup> forService(String updateId, String host, String service) {
    return find(
            "updateId = ?1 and host = ?2 and service = ?3 order by wave desc",
            updateId,
            host,
            service)
        .firstResultOptional();
  }

  public Optional<UpdateBackup> byBackupId(String updateId, String backupId) {
    return find("updateId = ?1 and backupId = ?2", updateId, backupId).firstResultOptional();
  }

  public List<UpdateBackup> overdue(Instant now) {
    return list("deadline < ?1", now);
  }
}
