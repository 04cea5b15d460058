package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The steps of updates, in plan order. */
@ApplicationScoped
public class UpdateStepRepository implements PanacheRepositoryBase<UpdateStep, Long> {
  public List<UpdateStep> ofUpdate(String updateId) {
    return list("updateId = ?1 order by seq", updateId);
  }

  /** How many steps of the wave on other hosts than this one have not passed their window yet. */
  public long unverifiedElsewhere(String updateId, int wave, String host) {
    return count(
        "updateId = ?1 and wave = ?2 and host <> ?3 and state <> ?4",
        updateId,
        wave,
        host,
        UpdateStep.State.VERIFIED);
  }

  public List<UpdateStep> onHost(String updateId, int wave, String host) {
    return list("updateId = ?1 and wave = ?2 and host = ?3 order by seq", updateId, wave, host);
  }

  /** The step of an update for one service on one host (a service appears once per host). */
  public Optional<UpdateStep> forService(String updateId, String host, String service) {
    return find("updateId = ?1 and host = ?2 and service = ?3", updateId, host, service)
        .firstResultOptional();
  }

  public List<UpdateStep> overdue(Instant now) {
    return list("deadline < ?1", now);
  }
}
