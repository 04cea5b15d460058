package dev.shipshape.backup.job;

import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.config.BackupSettings;
import dev.shipshape.backup.persistence.Backup;
import dev.shipshape.backup.persistence.BackupRepository;
import dev.shipshape.backup.persistence.BackupRepository.ServiceKey;
import dev.shipshape.backup.persistence.KnownGoodReleases;
import dev.shipshape.backup.persistence.UpdateEnds;
import dev.shipshape.backup.storage.ObjectStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Keeps the last N verified backups of each service (N at least 2) and expires the rest: object and
 * manifest deleted from S3, the catalog row marked. Never expired, however old: a backup taken for
 * an update still in flight (no {@code update.completed} seen yet), and the newest backup taken
 * while the service's last known-good release ran (the data that goes back with a rollback to it).
 */
@ApplicationScoped
public class Retention {
  private static final Logger LOG = Logger.getLogger(Retention.class);

  private final BackupRepository backups;
  private final ObjectStore store;
  private final BackupSettings settings;
  private final KnownGoodReleases knownGood;
  private final UpdateEnds updateEnds;

  public Retention(
      BackupRepository backups,
      ObjectStore store,
      BackupSettings settings,
      KnownGoodReleases knownGood,
      UpdateEnds updateEnds) {
    this.backups = backups;
    this.store = store;
    this.settings = settings;
    this.knownGood = knownGood;
    this.updateEnds = updateEnds;
  }

  /** Expires what is beyond the kept sets of one service; returns the expired backup ids. */
  public List<String> apply(String stack, String host, String service) {
    int keep = Math.max(2, settings.keep());
    List<Backup> candidates =
        QuarkusTransaction.requiringNew()
            .call(
                () -> {
                  List<Backup> verified = backups.verifiedOf(stack, host, service);
                  String knownGood = knownGoodBackup(verified, stack, host, service);
                  List<Backup> expire = new ArrayList<>();
                  for (Backup b :
                      verified.subList(Math.min(keep, verified.size()), verified.size())) {
                    if (!inFlight(b) && !b.id.equals(knownGood)) {
                      expire.add(b);
                    }
                  }
                  return expire;
                });
    List<String> expired = new ArrayList<>();
    for (Backup b : candidates) {
      try {
        store.delete(b.objectKey);
        store.delete(b.manifestKey());
      } catch (BackupFailure e) {
        LOG.warnf("retention: could not delete %s, will retry: %s", b.objectKey, e.getMessage());
        continue;
      }
      QuarkusTransaction.requiringNew()
          .run(
              () -> {
                Backup row = backups.findById(b.id);
                row.status = Backup.Status.EXPIRED;
                row.expiredAt = Instant.now();
              });
      expired.add(b.id);
      LOG.infof("retention: expired backup %s of %s on %s (%s)", b.id, service, host, b.objectKey);
    }
    return expired;
  }

  /** After an update ends, its backups may expire: applies retention to each service it touched. */
  public void updateEnded(String updateId) {
    List<ServiceKey> services =
        QuarkusTransaction.requiringNew().call(() -> backups.servicesOf(updateId));
    for (ServiceKey s : services) {
      apply(s.stack(), s.host(), s.service());
    }
  }

  /**
   * The newest of these (newest first) taken from a container of the last known-good release: its
   * image reference, or its digest (a reference pinned as {@code name:tag@digest}); null when no
   * release of the service is known-good yet.
   */
  private String knownGoodBackup(List<Backup> verified, String stack, String host, String service) {
    return knownGood
        .of(stack, host, service)
        .flatMap(
            good ->
                verified.stream()
                    .filter(b -> b.image != null)
                    .filter(
                        b -> b.image.equals(good.image()) || b.image.endsWith("@" + good.digest()))
                    .map(b -> b.id)
                    .findFirst())
        .orElse(null);
  }

  private boolean inFlight(Backup b) {
    return "kafka".equals(b.requestedBy) && !updateEnds.ended(b.updateId);
  }
}
