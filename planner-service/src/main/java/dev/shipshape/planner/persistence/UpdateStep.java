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

/** One planned deploy of one service on one host, and where it stands. */
@Entity
@Table(name = "update_step")
public class UpdateStep extends PanacheEntityBase {
  /** Where a step stands; the ones with a deadline are waiting for another service. */
  public enum State {
    PENDING,
    DEPLOYING,
    DEPLOYED,
    VERIFIED,
    FAILED,
    SKIPPED,
    ROLLING_BACK,
    ROLLED_BACK,
    ROLLBACK_FAILED;

    /** The step changed the host and has not been undone. */
    public boolean changedHost() {
      return this == DEPLOYED || this == VERIFIED;
    }
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  public Long id;

  @Column(name = "update_id", nullable = false)
  public String updateId;

  @Column(nullable = false)
  public int wave;

  /** The step's place in the whole plan: compensation undoes the highest first. */
  @Column(nullable = false)
  public int seq;

  @Column(nullable = false)
  public String host;

  @Column(nullable = false)
  public String service;

  @Column(nullable = false)
  public String tier;

  @Column(nullable = false)
  public String image;

  @Column(nullable = false)
  public String strategy;

  /** The ServiceSpec to deploy, JSON (secret values sealed). */
  @Column(nullable = false)
  public String spec;

  /** The request's migration info for this service, JSON, or null. */
  public String migration;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  public State state;

  /** Chosen to be undone by the compensation in progress. */
  @Column(nullable = false)
  public boolean compensate;

  @Column(name = "previous_image")
  public String previousImage;

  @Column(name = "previous_digest")
  public String previousDigest;

  public String digest;

  /** The rollback.triggered this planner sent for the step, so it can tell its own from others. */
  @Column(name = "rollback_event_id")
  public String rollbackEventId;

  public String reason;

  /** Its release.verified was read while its deploy.done was still queued behind. */
  @Column(name = "release_verified_early", nullable = false)
  public boolean releaseVerifiedEarly;

  /** When the wait for the other service's answer gives up; null when not waiting. */
  public Instant deadline;

  @Column(name = "started_at")
  public Instant startedAt;

  @Column(name = "finished_at")
  public Instant finishedAt;
}
