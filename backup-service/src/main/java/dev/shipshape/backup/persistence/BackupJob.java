package dev.shipshape.backup.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A backup asked for by the planner, from request to verified (or failed). */
@Entity
@Table(name = "backup_job")
public class BackupJob extends PanacheEntityBase {
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
  public String kind;

  @Column(nullable = false)
  public String status;

  @Column(name = "requested_at", nullable = false)
  public Instant requestedAt;
}
