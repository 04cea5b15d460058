package dev.shipshape.monitor.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One rollback, automatic or manual: what broke, from which digest to which, why, when and how it
 * was detected, how long the rollback took, and whether it made the symptom stop.
 */
@Entity
@Table(name = "incident")
public class Incident extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "update_id", nullable = false)
  public String updateId;

  @Column(nullable = false)
  public String stack;

  @Column(nullable = false)
  public String host;

  @Column(nullable = false)
  public String service;

  @Column(name = "from_digest")
  public String fromDigest;

  @Column(name = "to_digest")
  public String toDigest;

  @Column(nullable = false)
  public String criterion;

  public String evidence;

  @Column(name = "detected_at", nullable = false)
  public Instant detectedAt;

  @Column(name = "rollback_started_at")
  public Instant rollbackStartedAt;

  @Column(name = "rollback_done_at")
  public Instant rollbackDoneAt;

  /** Null until the confirmation window ends: true if the symptom stopped. */
  public Boolean verified;

  @Column(name = "verified_at")
  public Instant verifiedAt;

  /** From the window opening to the breach. */
  @Column(name = "detection_millis")
  public Long detectionMillis;

  /** {@code monitor} (a criterion breached) or {@code manual} (an operator rolled back). */
  @Column(name = "detected_by", nullable = false)
  public String detectedBy = "monitor";

  /** Who asked for the rollback: the monitor, or the operator's name. */
  @Column(name = "requested_by")
  public String requestedBy;

  /** From the breach to the rollback being done. */
  @Column(name = "rollback_millis")
  public Long rollbackMillis;
}
