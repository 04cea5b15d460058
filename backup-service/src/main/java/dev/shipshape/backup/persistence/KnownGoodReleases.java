package dev.shipshape.backup.persistence;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The last known-good release of each service ({@code release.verified} from the monitor), so
 * retention can keep the backup that goes back with it.
 */
@ApplicationScoped
public class KnownGoodReleases {
  /** The image reference and digest a service ran when its release was verified. */
  public record KnownGood(String image, String digest) {}

  private final EntityManager em;

  public KnownGoodReleases(EntityManager em) {
    this.em = em;
  }

  /**
   * Records the service's verified release. Events may arrive out of order: an older verification
   * never replaces a newer one.
   */
  public void record(
      String stack, String host, String service, String image, String digest, Instant verifiedAt) {
    em.createNativeQuery(
            "INSERT INTO known_good (stack, host, service, image, digest, verified_at)"
                + " VALUES (?1, ?2, ?3, ?4, ?5, ?6)"
                + " ON CONFLICT (stack, host, service) DO UPDATE SET image = excluded.image,"
                + " digest = excluded.digest, verified_at = excluded.verified_at"
                + " WHERE known_good.verified_at <= excluded.verified_at")
        .setParameter(1, stack)
        .setParameter(2, host)
        .setParameter(3, service)
        .setParameter(4, image)
        .setParameter(5, digest)
        .setParameter(6, verifiedAt)
        .executeUpdate();
  }

  public Optional<KnownGood> of(String stack, String host, String service) {
    List<?> rows =
        em.createNativeQuery(
                "SELECT image, digest FROM known_good"
                    + " WHERE stack = ?1 AND host = ?2 AND service = ?3")
            .setParameter(1, stack)
            .setParameter(2, host)
            .setParameter(3, service)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = (Object[]) rows.get(0);
    return Optional.of(new KnownGood((String) row[0], (String) row[1]));
  }
}
