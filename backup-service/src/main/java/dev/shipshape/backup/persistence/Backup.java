package dev.shipshape.backup.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** One backup in the catalog: where it is stored, what it captured, and how its checks went. */
@Entity
@Table(name = "backup")
public class Backup extends PanacheEntityBase {
  /** A backup's life: taken, stored in S3, verified by a restore (or failed), later expired. */
  public enum Status {
    TAKING,
    STORED,
    VERIFIED,
    FAILED,
    EXPIRED
  }

  @Id public String id;

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
  public String mode;

  @Column(nullable = false)
  public String container;

  @Column(nullable = false)
  public String image;

  @Column(name = "image_id")
  public String imageId;

  @Column(name = "db_name")
  public String dbName;

  @Column(name = "db_user")
  public String dbUser;

  @Column(name = "object_key", nullable = false)
  public String objectKey;

  @Column(name = "size_bytes")
  public Long sizeBytes;

  public String sha256;

  /** JSON object of name → count. */
  public String captured;

  /** JSON object of path → sha256 (volume archives only). */
  public String files;

  /** {@code kafka} (part of an update) or {@code api} (on demand). */
  @Column(name = "requested_by", nullable = false)
  public String requestedBy;

  @Column(nullable = false)
  @Enumerated(EnumType.STRING)
  public Status status;

  @Column(name = "failed_check")
  public String failedCheck;

  public String reason;

  public String evidence;

  @Column(name = "created_at", nullable = false)
  public Instant createdAt;

  @Column(name = "verified_at")
  public Instant verifiedAt;

  @Column(name = "expired_at")
  public Instant expiredAt;

  public String manifestKey() {
    return objectKey + ".manifest.json";
  }
}
