package dev.shipshape.backup.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A backup or restore asked for over Kafka or REST, from queued to done (or failed). */
@Entity
@Table(name = "backup_job")
public class BackupJob extends PanacheEntityBase {
  /** What the job does. */
  public enum Type {
    BACKUP,
    RESTORE
  }

  /** Queued, then done or failed. */
  public enum Status {
    REQUESTED,
    DONE,
    FAILED
  }

  @Id
  @Column(name = "event_id")
  public String eventId;

  @Column(name = "update_id", nullable = false)
  public String updateId;

  @Column(name = "job_type", nullable = false)
  @Enumerated(EnumType.STRING)
  public Type jobType = Type.BACKUP;

  @Column(nullable = false)
  public String stack;

  @Column(nullable = false)
  public String host;

  @Column(nullable = false)
  public String service;

  @Column(nullable = false)
  public String kind;

  public String container;

  public String image;

  public String mode;

  /** The backup this job made, or the one a restore puts back. */
  @Column(name = "backup_id")
  public String backupId;

  @Column(nullable = false)
  @Enumerated(EnumType.STRING)
  public Status status;

  public String reason;

  @Column(name = "requested_at", nullable = false)
  public Instant requestedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;
}
