package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Update requests by update id, and by the caller's request id for idempotent intake. */
@ApplicationScoped
public class UpdateRequestRepository implements PanacheRepositoryBase<UpdateRequestRecord, String> {
  /** Updates whose wait for the monitor's confirmation of a rollback has run out. */
  public List<UpdateRequestRecord> overdueVerification(Instant now) {
    return list("verificationDeadline < ?1 and completedAt is null", now);
  }

  /** Updates of a stack and/or in a state, newest first. */
  public List<UpdateRequestRecord> search(String stack, String statusText) {
    if (statusText != null && UpdateStatus.parse(statusText).isEmpty()) {
      return List.of(); // no update is in a state that does not exist
    }
    UpdateStatus status = statusText == null ? null : UpdateStatus.parse(statusText).get();
    if (stack != null && status != null) {
      return list("stack = ?1 and status = ?2 order by receivedAt desc", stack, status);
    }
    if (stack != null) {
      return list("stack = ?1 order by receivedAt desc", stack);
    }
    if (status != null) {
      return list("status = ?1 order by receivedAt desc", status);
    }
    return list("order by receivedAt desc");
  }

  public Optional<UpdateRequestRecord> findByRequestId(String requestId) {
    return find("requestId", requestId).firstResultOptional();
  }
}
