package dev.shipshape.monitor.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The watch over one service on one host after a deploy. */
@Entity
@Table(name = "watch_window")
public class WatchWindow extends PanacheEntityBase {
  @Id
  @Column(name = "event_id")
  public String eventId;

  @Column(name = "update_id", nullable = false)
  public String updateId;

  @Column(nullable = false)
  public String stack;

  @Column(nullable = false)
  public String host;

  @Column(nullable = false)
  public String service;

  @Column(nullable = false)
  public String digest;

  @Column(nullable = false)
  public String status;

  @Column(name = "opened_at", nullable = false)
  public Instant openedAt;
}
