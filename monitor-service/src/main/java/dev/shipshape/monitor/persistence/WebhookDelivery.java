package dev.shipshape.monitor.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One notification for one webhook URL, retried with backoff until delivered or given up. */
@Entity
@Table(name = "webhook_delivery")
public class WebhookDelivery extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "event_id", nullable = false)
  public String eventId;

  @Column(nullable = false)
  public String url;

  @Column(nullable = false)
  public String body;

  public int attempts;

  /** When the next attempt is due; while an attempt runs, a lease that keeps others off it. */
  @Column(name = "next_at", nullable = false)
  public Instant nextAt;

  @Column(name = "delivered_at")
  public Instant deliveredAt;

  @Column(name = "failed_at")
  public Instant failedAt;

  @Column(name = "last_error")
  public String lastError;
}
