package dev.shipshape.deployer.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A deploy or rollback command for this host and its journal: the phase is written before the phase
 * runs, so a restarted agent can reconcile what it was doing.
 */
@Entity
@Table(name = "deploy_job")
public class DeployJob extends PanacheEntityBase {
  /** What the job does. */
  public enum Kind {
    DEPLOY,
    ROLLBACK
  }

  /** Where the job is; PENDING and RUNNING jobs are picked up again after a restart. */
  public enum Status {
    PENDING,
    RUNNING,
    DONE,
    FAILED
  }

  @Id
  @Column(name = "event_id")
  public String eventId;

  @Column(name = "update_id", nullable = false)
  public String updateId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Kind kind;

  @Column(nullable = false)
  public String stack;

  @Column(nullable = false)
  public String host;

  @Column(nullable = false)
  public String service;

  /** The image asked for; for a rollback, the target release's image. */
  @Column(nullable = false)
  public String image;

  /** The command's payload as JSON. */
  public String command;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public Status status;

  @Column(nullable = false)
  public String phase;

  @Column(name = "container_name")
  public String containerName;

  @Column(name = "previous_release_id")
  public Long previousReleaseId;

  @Column(name = "target_release_id")
  public Long targetReleaseId;

  /** Milliseconds per phase, as JSON. */
  @Column(name = "phase_millis")
  public String phaseMillis;

  /** The image config changes this deploy brings, as JSON. */
  @Column(name = "config_diff")
  public String configDiff;

  /** The engine image id the job puts in place, once known. */
  @Column(name = "target_image_id")
  public String targetImageId;

  public String reason;

  @Column(name = "requested_at", nullable = false)
  public Instant requestedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;
}
