package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;

/** The deployment log. */
@ApplicationScoped
public class DeploymentRepository implements PanacheRepositoryBase<Deployment, Long> {
  /** What runs now on a host for a service, as far as Shipshape did it. */
  public Optional<Deployment> current(String stack, String host, String service) {
    return find(
            "stack = ?1 and host = ?2 and service = ?3 and endedAt is null order by id desc",
            stack,
            host,
            service)
        .firstResultOptional();
  }

  /** Every release of the stack that runs now. */
  public List<Deployment> runningOf(String stack) {
    return list("stack = ?1 and endedAt is null", stack);
  }

  /** The newest release that passed its window there. */
  public Optional<Deployment> lastKnownGood(String stack, String host, String service) {
    return find(
            "stack = ?1 and host = ?2 and service = ?3 and knownGood = true order by id desc",
            stack,
            host,
            service)
        .firstResultOptional();
  }

  public List<Deployment> search(String stack, String host, String service, String environment) {
    StringBuilder q = new StringBuilder("1 = 1");
    java.util.Map<String, Object> p = new java.util.HashMap<>();
    if (stack != null) {
      q.append(" and stack = :stack");
      p.put("stack", stack);
    }
    if (host != null) {
      q.append(" and host = :host");
      p.put("host", host);
    }
    if (service != null) {
      q.append(" and service = :service");
      p.put("service", service);
    }
    if (environment != null) {
      q.append(" and environment = :environment");
      p.put("environment", environment);
    }
    return list(q + " order by id desc", p);
  }
}
