package dev.shipshape.monitor.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * The watch over one service on one host: after a deploy (is the release good?) or after a rollback
 * (did the symptom stop?). Its counters are persisted at every check, so a restarted monitor
 * carries on.
 */
@Entity
@Table(name = "watch_window")
public class WatchWindow extends PanacheEntityBase {
  /** Why the window is open: is the release good, or did the rollback stop the symptom? */
  public enum Kind {
    DEPLOY,
    ROLLBACK
  }

  /** BREACHED ends a deploy's window, UNRESOLVED a rollback's; CLOSED means superseded. */
  public enum Status {
    OPEN,
    VERIFIED,
    BREACHED,
    UNRESOLVED,
    CLOSED
  }

  @Id
  @Column(name = "event_id")
  public String eventId;

  @Column(name = "update_id", nullable = false)
  public String updateId;

  @Column(nullable = false)
  @Enumerated(EnumType.STRING)
  public Kind kind;

  @Column(nullable = false)
  public String stack;

  @Column(nullable = false)
  public String host;

  @Column(nullable = false)
  public String service;

  public String image;

  @Column(nullable = false)
  public String digest;

  @Column(name = "previous_image")
  public String previousImage;

  @Column(name = "previous_digest")
  public String previousDigest;

  @Column(nullable = false)
  @Enumerated(EnumType.STRING)
  public Status status;

  @Column(name = "opened_at", nullable = false)
  public Instant openedAt;

  @Column(name = "ends_at")
  public Instant endsAt;

  @Column(name = "next_check_at")
  public Instant nextCheckAt;

  public int checks;

  @Column(name = "consecutive_unhealthy")
  public int consecutiveUnhealthy;

  @Column(name = "restart_baseline")
  public Integer restartBaseline;

  @Column(name = "logs_since")
  public Instant logsSince;

  @Column(name = "error_lines")
  public int errorLines;

  @Column(name = "database_error_lines")
  public int databaseErrorLines;

  @Column(name = "latency_p50")
  public Double latencyP50;

  @Column(name = "latency_p95")
  public Double latencyP95;

  @Column(name = "latency_p99")
  public Double latencyP99;

  public String criterion;

  public String evidence;

  @Column(name = "incident_id")
  public Long incidentId;

  @Column(name = "closed_at")
  public Instant closedAt;
}
