package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Update requests by update id, and by the caller's request id for idempotent intake. */
@ApplicationScoped
public class UpdateRequestRepository implements PanacheRepositoryBase<UpdateRequestRecord, String> {
  public Optional<UpdateRequestRecord> findByRequestId(String requestId) {
    return find("requestId", requestId).firstResultOptional();
  }
}
