package dev.shipshape.deployer.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The releases recorded on this host, newest first. */
@ApplicationScoped
public class ReleaseRepository implements PanacheRepositoryBase<Release, Long> {

  public List<Release> forService(String stack, String service) {
    return list("stack = ?1 and service = ?2 order by id desc", stack, service);
  }

  public List<Release> forService(String service) {
    return list("service = ?1 order by id desc", service);
  }

  /** The release now running, if Shipshape recorded it. */
  public Optional<Release> current(String stack, String service) {
    return find(
            "stack = ?1 and service = ?2 and replacedAt is null order by id desc", stack, service)
        .firstResultOptional();
  }

  /** The same image and config recorded before, so that re-recording adds no duplicate. */
  public Optional<Release> same(String stack, String service, String imageId, String configHash) {
    return find(
            "stack = ?1 and service = ?2 and imageId = ?3 and configHash = ?4 order by id desc",
            stack,
            service,
            imageId,
            configHash)
        .firstResultOptional();
  }

  /**
   * Where a rollback returns to: the newest release with the asked digest; without one, the newest
   * known-good release that is not running now, else the one that ran before the current one.
   */
  public Optional<Release> rollbackTarget(
      String stack, String service, String digest, Long currentId) {
    if (digest != null && !digest.isBlank()) {
      return find(
              "stack = ?1 and service = ?2 and (digest = ?3 or imageId = ?3) order by id desc",
              stack,
              service,
              digest)
          .firstResultOptional();
    }
    Long current = currentId == null ? -1L : currentId;
    Optional<Release> knownGood =
        find(
                "stack = ?1 and service = ?2 and knownGood = true and id <> ?3 order by id desc",
                stack,
                service,
                current)
            .firstResultOptional();
    if (knownGood.isPresent()) {
      return knownGood;
    }
    return find(
            "stack = ?1 and service = ?2 and id <> ?3 order by id desc", stack, service, current)
        .firstResultOptional();
  }
}
