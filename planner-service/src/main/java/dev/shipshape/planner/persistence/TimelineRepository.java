package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Each update's timeline. */
@ApplicationScoped
public class TimelineRepository implements PanacheRepositoryBase<TimelineEntry, Long> {
  public void add(String updateId, String type, String host, String service, String detail) {
    TimelineEntry e = new TimelineEntry();
    e.updateId = updateId;
    e.at = Instant.now();
    e.type = type;
    e.host = host;
    e.service = service;
    e.detail = detail;
    persist(e);
  }

  public List<TimelineEntry> of(String updateId) {
    return list("updateId = ?1 order by id", updateId);
  }
}
