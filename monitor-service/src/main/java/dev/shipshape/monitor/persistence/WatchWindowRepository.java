package dev.shipshape.monitor.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hibernate.Session;

/** Watch windows by the id of the event that opened them. */
@ApplicationScoped
public class WatchWindowRepository implements PanacheRepositoryBase<WatchWindow, String> {
  public List<WatchWindow> due(Instant now) {
    return find(
            "status = ?1 and nextCheckAt <= ?2 order by nextCheckAt", WatchWindow.Status.OPEN, now)
        .page(0, 200)
        .list();
  }

  /**
   * Windows by id, read in one statement (Hibernate's multi-load: one cached array-parameter SQL,
   * where an {@code in} list is translated anew for every size).
   */
  public Map<String, WatchWindow> byIds(List<String> ids) {
    return getEntityManager().unwrap(Session.class).findMultiple(WatchWindow.class, ids).stream()
        .filter(Objects::nonNull)
        .collect(Collectors.toMap(w -> w.eventId, Function.identity()));
  }

  /** Open windows of a service on a host; a new window supersedes them. */
  public List<WatchWindow> open(String stack, String host, String service) {
    return list(
        "status = ?1 and stack = ?2 and host = ?3 and service = ?4",
        WatchWindow.Status.OPEN,
        stack,
        host,
        service);
  }

  /** The newest window of a service on a host, whatever its status. */
  public Optional<WatchWindow> latest(String stack, String host, String service) {
    return find(
            "stack = ?1 and host = ?2 and service = ?3 order by openedAt desc",
            stack,
            host,
            service)
        .firstResultOptional();
  }

  /** The newest window of every host × service, for the fleet view. */
  public List<WatchWindow> latestPerService() {
    return getEntityManager()
        .createQuery(
            "from WatchWindow w where w.openedAt = (select max(x.openedAt) from WatchWindow x"
                + " where x.stack = w.stack and x.host = w.host and x.service = w.service)"
                + " order by w.stack, w.host, w.service",
            WatchWindow.class)
        .getResultList();
  }
}
