package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** The deployment log: one release that ran on a host, from when to when, and who asked. */
@Entity
@Table(name = "deployment")
public class Deployment extends PanacheEntityBase {
  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(nullable = false)
  public String stack;

  @Column(nullable = false)
  public String environment;

  @Column(nullable = false)
  public String host;

  @Column(nullable = false)
  public String service;

  @Column(nullable = false)
  public String image;

  public String digest;

  /** SHA-256 of the spec with secret values hashed: equal hashes, equal config. */
  @Column(name = "config_hash", nullable = false)
  public String configHash;

  @Column(name = "update_id", nullable = false)
  public String updateId;

  @Column(name = "requested_by", nullable = false)
  public String requestedBy;

  /** deploy or rollback. */
  @Column(nullable = false)
  public String kind;

  @Column(name = "known_good", nullable = false)
  public boolean knownGood;

  @Column(name = "started_at", nullable = false)
  public Instant startedAt;

  @Column(name = "ended_at")
  public Instant endedAt;

  /** The ServiceSpec it ran with, JSON, secret values sealed. */
  public String spec;

  @Column(name = "verified_at")
  public Instant verifiedAt;
}
