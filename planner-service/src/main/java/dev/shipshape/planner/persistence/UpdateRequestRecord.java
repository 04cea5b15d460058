package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An update request as it arrived, before validation and planning. */
@Entity
@Table(name = "update_request")
public class UpdateRequestRecord extends PanacheEntityBase {
  @Id
  @Column(name = "update_id")
  public String updateId;

  @Column(name = "request_id", nullable = false, unique = true)
  public String requestId;

  @Column(nullable = false)
  public String stack;

  @Column(name = "requested_by", nullable = false)
  public String requestedBy;

  public String reason;

  @Column(nullable = false)
  public String status;

  @Column(name = "received_at", nullable = false)
  public Instant receivedAt;

  public String environment;

  @Column(name = "stack_version")
  public Integer stackVersion;

  /** The request as received, JSON. */
  public String request;

  /** Why it was rejected, JSON list of problems. */
  public String problems;

  /** The waves, JSON. */
  public String plan;

  @Column(name = "decided_at")
  public Instant decidedAt;
}
