package dev.shipshape.planner.saga.rules;

import dev.shipshape.planner.persistence.Outcome;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateStatus;
import dev.shipshape.planner.persistence.UpdateStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An update as the rules see it: plain values, no JPA. The rules change a copy of it ({@link
 * #copy()}), so the snapshot a caller passed in stays what it was.
 *
 * <p>A snapshot is either the whole update or, on the hot path of a large wave, one host's rows
 * ({@link #whole} false) with the count of the wave's other unverified steps: a deploy.done among
 * ten thousand hosts then reads a few rows, not the wave. The rules ask for the whole update
 * whenever a decision needs more than that.
 */
public final class UpdateSnapshot {
  public final String updateId;
  public UpdateStatus status;
  public int currentWave;
  public String cancelRequestedBy;
  public Incident incident;

  /**
   * How many failed hosts a wave may have and the rollout still go on (the request's {@code
   * rollout.failureThreshold}); read only where a decision needs the whole update.
   */
  public int failureThreshold;

  /** host/service whose rollback the monitor must confirm before the update completes. */
  public String awaitingVerification;

  public Instant verificationDeadline;
  public Instant completedAt;
  public Outcome outcome;
  public String summary;
  public final List<Step> steps;
  public final List<Backup> backups;
  public final boolean whole;

  /** For a host's rows only: the steps of the current wave elsewhere not verified yet. */
  public final long unverifiedElsewhere;

  public UpdateSnapshot(
      String updateId,
      UpdateStatus status,
      List<Step> steps,
      List<Backup> backups,
      boolean whole,
      long unverifiedElsewhere) {
    this.updateId = updateId;
    this.status = status;
    this.steps = steps;
    this.backups = backups;
    this.whole = whole;
    this.unverifiedElsewhere = unverifiedElsewhere;
  }

  /** Same meaning as the entity's: completed, or never started. */
  public boolean finished() {
    return completedAt != null || status == UpdateStatus.REJECTED;
  }

  public UpdateSnapshot copy() {
    UpdateSnapshot c =
        new UpdateSnapshot(
            updateId,
            status,
            new ArrayList<>(steps.stream().map(Step::copy).toList()),
            new ArrayList<>(backups.stream().map(Backup::copy).toList()),
            whole,
            unverifiedElsewhere);
    c.currentWave = currentWave;
    c.cancelRequestedBy = cancelRequestedBy;
    c.incident = incident;
    c.failureThreshold = failureThreshold;
    c.awaitingVerification = awaitingVerification;
    c.verificationDeadline = verificationDeadline;
    c.completedAt = completedAt;
    c.outcome = outcome;
    c.summary = summary;
    return c;
  }

  /** One planned deploy of one service on one host. */
  public static final class Step {
    public final long id;
    public final int wave;
    public final int seq;
    public final String host;
    public final String service;
    public final String image;
    public UpdateStep.State state;
    public boolean compensate;
    public boolean releaseVerifiedEarly;
    public String digest;
    public String previousImage;
    public String previousDigest;
    public String rollbackEventId;
    public String reason;
    public Instant deadline;
    public Instant startedAt;
    public Instant finishedAt;

    public Step(
        long id,
        int wave,
        int seq,
        String host,
        String service,
        String image,
        UpdateStep.State state) {
      this.id = id;
      this.wave = wave;
      this.seq = seq;
      this.host = host;
      this.service = service;
      this.image = image;
      this.state = state;
    }

    public String where() {
      return host + "/" + service;
    }

    Step copy() {
      Step c = new Step(id, wave, seq, host, service, image, state);
      c.compensate = compensate;
      c.releaseVerifiedEarly = releaseVerifiedEarly;
      c.digest = digest;
      c.previousImage = previousImage;
      c.previousDigest = previousDigest;
      c.rollbackEventId = rollbackEventId;
      c.reason = reason;
      c.deadline = deadline;
      c.startedAt = startedAt;
      c.finishedAt = finishedAt;
      return c;
    }
  }

  /** A backup the update needs before it changes a host, and any restore from it. */
  public static final class Backup {
    public final long id;
    public final int wave;
    public final String host;
    public final String service;
    public final String kind;

    /** The step whose undo puts this backup's data back; null for a safety net. */
    public final Integer restoreForSeq;

    public UpdateBackup.State state;
    public String backupId;
    public String objectKey;
    public Long sizeBytes;
    public String sha256;
    public String reason;
    public Instant deadline;

    public Backup(
        long id,
        int wave,
        String host,
        String service,
        String kind,
        Integer restoreForSeq,
        UpdateBackup.State state) {
      this.id = id;
      this.wave = wave;
      this.host = host;
      this.service = service;
      this.kind = kind;
      this.restoreForSeq = restoreForSeq;
      this.state = state;
    }

    Backup copy() {
      Backup c = new Backup(id, wave, host, service, kind, restoreForSeq, state);
      c.backupId = backupId;
      c.objectKey = objectKey;
      c.sizeBytes = sizeBytes;
      c.sha256 = sha256;
      c.reason = reason;
      c.deadline = deadline;
      return c;
    }
  }
}
