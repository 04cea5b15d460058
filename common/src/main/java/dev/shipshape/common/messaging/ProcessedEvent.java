package dev.shipshape.common.messaging;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** An event id a consumer has already acted on, so that a redelivery changes nothing. */
@Entity
@Table(name = "processed_event")
@IdClass(ProcessedEvent.Key.class)
public class ProcessedEvent extends PanacheEntityBase {
  @Id public String consumer;

  @Id
  @Column(name = "event_id")
  public String eventId;

  @Column(nullable = false)
  public String topic;

  @Column(name = "processed_at", nullable = false)
  public Instant processedAt;

  /** Composite key: the same event may be processed once by each consumer. */
  public static class Key implements Serializable {
    public String consumer;
    public String eventId;

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(consumer, k.consumer)
          && Objects.equals(eventId, k.eventId);
    }

    @Override
    public int hashCode() {
      return Objects.hash(consumer, eventId);
    }
  }
}
