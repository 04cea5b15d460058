package dev.shipshape.monitor.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** Incidents, newest first. */
@ApplicationScoped
public class IncidentRepository implements PanacheRepositoryBase<Incident, Long> {
  public List<Incident> newestFirst(int limit) {
    return find("order by id desc").page(0, limit).list();
  }

  /** The incident whose rollback is still under way for a service on a host. */
  public Optional<Incident> awaitingRollback(String stack, String host, String service) {
    return find(
            "stack = ?1 and host = ?2 and service = ?3 and rollbackDoneAt is null order by id desc",
            stack,
            host,
            service)
        .firstResultOptional();
  }
}
