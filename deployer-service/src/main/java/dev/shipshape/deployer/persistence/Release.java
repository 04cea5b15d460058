package dev.shipshape.deployer.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A version of a service as it ran on this host — image, digest and the full container spec — so
 * that a rollback can recreate it exactly. Recorded before anything changes.
 */
@Entity
@Table(name = "release")
public class Release extends PanacheEntityBase {
  /** How a release came to be recorded. */
  public enum Source {
    /** Found running before Shipshape changed it: the first way back. */
    ADOPTED,
    DEPLOYED,
    ROLLED_BACK
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String stack;

  @Column(nullable = false)
  public String host;

  @Column(nullable = false)
  public String service;

  @Column(name = "container_name", nullable = false)
  public String containerName;

  /** The reference as asked for (tag or digest). */
  @Column(nullable = false)
  public String image;

  @Column(name = "image_id", nullable = false)
  public String imageId;

  @Column(nullable = false)
  public String digest;

  /** The container spec as JSON, secrets included: this table is the host's own way back. */
  @Column(nullable = false)
  public String spec;

  @Column(name = "config_hash", nullable = false)
  public String configHash;

  @Column(name = "update_id")
  public String updateId;

  @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
  @Column(nullable = false)
  public Source source;

  @Column(name = "known_good", nullable = false)
  public boolean knownGood;

  @Column(name = "recorded_at", nullable = false)
  public Instant recordedAt;

  @Column(name = "replaced_at")
  public Instant replacedAt;
}
