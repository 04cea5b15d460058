package dev.shipshape.backup.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The backup catalog. */
@ApplicationScoped
public class BackupRepository implements PanacheRepositoryBase<Backup, String> {
  /** Backups matching the filters that are given (null = any), newest first. */
  public List<Backup> search(String stack, String service, String host) {
    StringBuilder query = new StringBuilder("1 = 1");
    Map<String, Object> params = new HashMap<>();
    if (stack != null) {
      query.append(" AND stack = :stack");
      params.put("stack", stack);
    }
    if (service != null) {
      query.append(" AND service = :service");
      params.put("service", service);
    }
    if (host != null) {
      query.append(" AND host = :host");
      params.put("host", host);
    }
    return find(query + " ORDER BY createdAt DESC", params).list();
  }

  /** Sizes of the service's most recent verified backups. */
  public List<Long> recentVerifiedSizes(Backup of, int limit) {
    return find(
            "stack = ?1 AND host = ?2 AND service = ?3 AND kind = ?4 AND status = ?5 AND id <> ?6"
                + " ORDER BY createdAt DESC",
            of.stack,
            of.host,
            of.service,
            of.kind,
            Backup.Status.VERIFIED,
            of.id)
        .page(0, limit)
        .list()
        .stream()
        .map(b -> b.sizeBytes)
        .toList();
  }

  /** The service's verified backups, newest first. */
  public List<Backup> verifiedOf(String stack, String host, String service) {
    return find(
            "stack = ?1 AND host = ?2 AND service = ?3 AND status = ?4 ORDER BY createdAt DESC",
            stack,
            host,
            service,
            Backup.Status.VERIFIED)
        .list();
  }

  public List<BackupCheck> checksOf(String backupId) {
    return BackupCheck.list("backupId = ?1 ORDER BY id", backupId);
  }

  /** A service on a host, in a stack. */
  public record ServiceKey(String stack, String host, String service) {}

  /** The services the update backed up. */
  public List<ServiceKey> servicesOf(String updateId) {
    return getEntityManager()
        .createQuery(
            "SELECT DISTINCT b.stack, b.host, b.service FROM Backup b WHERE b.updateId = ?1",
            Object[].class)
        .setParameter(1, updateId)
        .getResultStream()
        .map(row -> new ServiceKey((String) row[0], (String) row[1], (String) row[2]))
        .toList();
  }
}
