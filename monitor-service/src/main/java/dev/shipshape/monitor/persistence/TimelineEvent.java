package dev.shipshape.monitor.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One event of an update, as the dashboard's timeline shows it: what happened, where, when. */
@Entity
@Table(name = "timeline_event")
public class TimelineEvent extends PanacheEntityBase {
  @Id
  @Column(name = "event_id")
  public String eventId;

  @Column(name = "update_id", nullable = false)
  public String updateId;

  @Column(nullable = false)
  public String stack;

  public String host;

  @Column(nullable = false)
  public String topic;

  @Column(nullable = false)
  public String summary;

  @Column(name = "occurred_at", nullable = false)
  public Instant occurredAt;
}
