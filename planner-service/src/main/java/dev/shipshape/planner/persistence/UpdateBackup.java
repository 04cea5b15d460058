package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A backup an update needs before it changes a host, and any restore from it. */
@Entity
@Table(name = "update_backup")
public class UpdateBackup extends PanacheEntityBase {
  /** Where a backup stands. */
  public enum State {
    PENDING,
    REQUESTED,
    VERIFIED,
    FAILED,
    RESTORING,
    RESTORED,
    RESTORE_FAILED
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "update_id", nullable = false)
  public String updateId;

  @Column(nullable = false)
  public int wave;

  @Column(nullable = false)
  public String host;

  @Column(nullable = false)
  public String service;

  @Column(nullable = false)
  public String kind;

  @Column(nullable = false)
  public String mode;

  @Column(nullable = false)
  public String container;

  @Column(nullable = false)
  public String image;

  /**
   * The step whose migration is not backward-compatible: when that step is undone, this backup's
   * data goes back too. Null when the backup is only a safety net.
   */
  @Column(name = "restore_for_seq")
  public Integer restoreForSeq;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public State state;

  @Column(name = "backup_id")
  public String backupId;

  @Column(name = "object_key")
  public String objectKey;

  @Column(name = "size_bytes")
  public Long sizeBytes;

  public String sha256;

  public String reason;

  public Instant deadline;
}
