package dev.shipshape.monitor.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The timelines of updates, from request to completion. */
@ApplicationScoped
public class TimelineRepository implements PanacheRepositoryBase<TimelineEvent, String> {
  /** An update at a glance: its stack, when it started, its latest event and how it ended. */
  public record UpdateSummary(
      String updateId,
      String stack,
      Instant startedAt,
      Instant lastAt,
      String lastTopic,
      String lastSummary,
      String outcome) {}

  /** Stores the event once; a redelivery (or a second replica) changes nothing. */
  public boolean record(TimelineEvent e) {
    return getEntityManager()
            .createNativeQuery(
                "INSERT INTO timeline_event (event_id, update_id, stack, host, topic, summary,"
                    + " occurred_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING")
            .setParameter(1, e.eventId)
            .setParameter(2, e.updateId)
            .setParameter(3, e.stack)
            .setParameter(4, e.host)
            .setParameter(5, e.topic)
            .setParameter(6, e.summary)
            .setParameter(7, e.occurredAt)
            .executeUpdate()
        > 0;
  }

  public List<TimelineEvent> of(String updateId) {
    return list("updateId = ?1 order by occurredAt, eventId", updateId);
  }

  /** The most recent updates, newest first. */
  public List<UpdateSummary> recent(int limit) {
    @SuppressWarnings("unchecked")
    List<Object[]> rows =
        getEntityManager()
            .createNativeQuery(
                "SELECT u.update_id, u.stack, u.started, last.occurred_at, last.topic,"
                    + " last.summary, done.summary FROM (SELECT update_id, min(stack) AS stack,"
                    + " min(occurred_at) AS started, max(occurred_at) AS latest FROM"
                    + " timeline_event GROUP BY update_id ORDER BY latest DESC LIMIT ?1) u"
                    + " JOIN LATERAL (SELECT * FROM timeline_event t WHERE t.update_id ="
                    + " u.update_id ORDER BY occurred_at DESC LIMIT 1) last ON true"
                    + " LEFT JOIN LATERAL (SELECT * FROM timeline_event t WHERE t.update_id ="
                    + " u.update_id AND t.topic = 'update.completed' LIMIT 1) done ON true"
                    + " ORDER BY u.latest DESC")
            .setParameter(1, limit)
            .getResultList();
    return rows.stream()
        .map(
            r ->
                new UpdateSummary(
                    (String) r[0],
                    (String) r[1],
                    instant(r[2]),
                    instant(r[3]),
                    (String) r[4],
                    (String) r[5],
                    (String) r[6]))
        .toList();
  }

  /** The newest update of a stack that has not completed yet, if any. */
  public Optional<String> inFlight(String stack) {
    return find(
            "stack = ?1 and topic <> 'monitor.health' and updateId not in (select t.updateId from"
                + " TimelineEvent t where t.topic = 'update.completed') order by occurredAt desc",
            stack)
        .firstResultOptional()
        .map(t -> t.updateId);
  }

  private static Instant instant(Object o) {
    if (o instanceof Instant i) {
      return i;
    }
    if (o instanceof java.sql.Timestamp ts) {
      return ts.toInstant();
    }
    if (o instanceof java.time.OffsetDateTime odt) {
      return odt.toInstant();
    }
    return null;
  }
}
