package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * An update: the request as it arrived, the verdict and plan, and where the state machine stands.
 * Every change bumps {@link #version}, so two planners handling events of one update cannot both
 * win.
 */
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

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public UpdateStatus status;

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

  @Version public long version;

  /** The wave the rollout is in (index into the plan). */
  @Column(name = "current_wave", nullable = false)
  public int currentWave;

  /** Set once completed. */
  @Convert(converter = Outcome.Column.class)
  public Outcome outcome;

  public String summary;

  @Column(name = "completed_at")
  public Instant completedAt;

  /** Who asked to cancel: no further step starts. */
  @Column(name = "cancel_requested_by")
  public String cancelRequestedBy;

  /** Why the update is being rolled back, JSON; null while nothing went wrong. */
  public String incident;

  /** host/service whose rollback the monitor must confirm before the update completes. */
  @Column(name = "awaiting_verification")
  public String awaitingVerification;

  @Column(name = "verification_deadline")
  public Instant verificationDeadline;

  public boolean finished() {
    return completedAt != null || status == UpdateStatus.REJECTED;
  }
}
