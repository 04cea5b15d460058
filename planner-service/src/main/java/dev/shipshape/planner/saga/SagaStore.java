package dev.shipshape.planner.saga;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateBackupRepository;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateStep;
import dev.shipshape.planner.persistence.UpdateStepRepository;
import dev.shipshape.planner.saga.rules.Incident;
import dev.shipshape.planner.saga.rules.UpdateSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Turns an update's rows into the rules' snapshot and the rules' next snapshot back into the rows,
 * in the caller's transaction. {@link Loaded} keeps the entities the snapshot came from, so that
 * writing back touches only those and the commands can read what they send from them.
 */
@ApplicationScoped
public class SagaStore {
  private final UpdateStepRepository steps;
  private final UpdateBackupRepository backups;

  public SagaStore(UpdateStepRepository steps, UpdateBackupRepository backups) {
    this.steps = steps;
    this.backups = backups;
  }

  /** The rows one decision works on, by id, and the snapshot made from them. */
  public record Loaded(
      UpdateRequestRecord update,
      Map<Long, UpdateStep> steps,
      Map<Long, UpdateBackup> backups,
      UpdateSnapshot snapshot) {}

  public Loaded whole(UpdateRequestRecord u) {
    return whole(u, steps.ofUpdate(u.updateId), backups.ofUpdate(u.updateId));
  }

  /** For rows just persisted, without reading them again. */
  public Loaded whole(UpdateRequestRecord u, List<UpdateStep> all, List<UpdateBackup> allBackups) {
    Loaded rows = load(u, all, allBackups, true, 0);
    rows.snapshot().failureThreshold = failureThreshold(u);
    return rows;
  }

  /** The request's {@code rollout.failureThreshold}; 0 (the first failed host halts) if unset. */
  static int failureThreshold(UpdateRequestRecord u) {
    if (u.request == null) {
      return 0;
    }
    Rollout rollout = StoredJson.read(u.request, UpdateRequested.class).rollout();
    return rollout == null ? Rollout.defaults().failureThreshold() : rollout.failureThreshold();
  }

  /**
   * One host's rows in the current wave (and the step or backup the answer is about, wherever it
   * is), with a count of the wave's unverified steps elsewhere.
   */
  public Loaded host(UpdateRequestRecord u, String host, String service) {
    List<UpdateStep> s = new ArrayList<>(steps.onHost(u.updateId, u.currentWave, host));
    steps.forService(u.updateId, host, service).filter(x -> !s.contains(x)).ifPresent(s::add);
    List<UpdateBackup> b = new ArrayList<>(backups.onHost(u.updateId, u.currentWave, host));
    backups.forService(u.updateId, host, service).filter(x -> !b.contains(x)).ifPresent(b::add);
    return load(u, s, b, false, steps.unverifiedElsewhere(u.updateId, u.currentWave, host));
  }

  private Loaded load(
      UpdateRequestRecord u,
      List<UpdateStep> stepRows,
      List<UpdateBackup> backupRows,
      boolean whole,
      long unverifiedElsewhere) {
    Map<Long, UpdateStep> stepsById = new LinkedHashMap<>();
    stepRows.forEach(s -> stepsById.put(s.id, s));
    Map<Long, UpdateBackup> backupsById = new LinkedHashMap<>();
    backupRows.forEach(b -> backupsById.put(b.id, b));
    UpdateSnapshot snap =
        new UpdateSnapshot(
            u.updateId,
            u.status,
            new ArrayList<>(stepRows.stream().map(SagaStore::step).toList()),
            new ArrayList<>(backupRows.stream().map(SagaStore::backup).toList()),
            whole,
            unverifiedElsewhere);
    snap.currentWave = u.currentWave;
    snap.cancelRequestedBy = u.cancelRequestedBy;
    snap.incident = incident(u);
    snap.awaitingVerification = u.awaitingVerification;
    snap.verificationDeadline = u.verificationDeadline;
    snap.completedAt = u.completedAt;
    snap.outcome = u.outcome;
    snap.summary = u.summary;
    return new Loaded(u, stepsById, backupsById, snap);
  }

  /** The incident record kept on the update, or null while nothing went wrong. */
  public static Incident incident(UpdateRequestRecord u) {
    return u.incident == null ? null : StoredJson.read(u.incident, Incident.class);
  }

  private static UpdateSnapshot.Step step(UpdateStep e) {
    var s = new UpdateSnapshot.Step(e.id, e.wave, e.seq, e.host, e.service, e.image, e.state);
    s.compensate = e.compensate;
    s.releaseVerifiedEarly = e.releaseVerifiedEarly;
    s.digest = e.digest;
    s.previousImage = e.previousImage;
    s.previousDigest = e.previousDigest;
    s.rollbackEventId = e.rollbackEventId;
    s.reason = e.reason;
    s.deadline = e.deadline;
    s.startedAt = e.startedAt;
    s.finishedAt = e.finishedAt;
    return s;
  }

  private static UpdateSnapshot.Backup backup(UpdateBackup e) {
    var b =
        new UpdateSnapshot.Backup(
            e.id, e.wave, e.host, e.service, e.kind, e.restoreForSeq, e.state);
    b.backupId = e.backupId;
    b.objectKey = e.objectKey;
    b.sizeBytes = e.sizeBytes;
    b.sha256 = e.sha256;
    b.reason = e.reason;
    b.deadline = e.deadline;
    return b;
  }

  /** Writes the next snapshot into the rows it was made from; Hibernate flushes what changed. */
  public void save(Loaded rows, UpdateSnapshot next) {
    UpdateRequestRecord u = rows.update();
    u.status = next.status;
    u.currentWave = next.currentWave;
    u.cancelRequestedBy = next.cancelRequestedBy;
    if (!Objects.equals(next.incident, incident(u))) {
      u.incident = next.incident == null ? null : EventCodec.toJson(next.incident);
    }
    u.awaitingVerification = next.awaitingVerification;
    u.verificationDeadline = next.verificationDeadline;
    u.completedAt = next.completedAt;
    u.outcome = next.outcome;
    u.summary = next.summary;
    for (UpdateSnapshot.Step s : next.steps) {
      UpdateStep e = rows.steps().get(s.id);
      e.state = s.state;
      e.compensate = s.compensate;
      e.releaseVerifiedEarly = s.releaseVerifiedEarly;
      e.digest = s.digest;
      e.previousImage = s.previousImage;
      e.previousDigest = s.previousDigest;
      e.rollbackEventId = s.rollbackEventId;
      e.reason = s.reason;
      e.deadline = s.deadline;
      e.startedAt = s.startedAt;
      e.finishedAt = s.finishedAt;
    }
    for (UpdateSnapshot.Backup b : next.backups) {
      UpdateBackup e = rows.backups().get(b.id);
      e.state = b.state;
      e.backupId = b.backupId;
      e.objectKey = b.objectKey;
      e.sizeBytes = b.sizeBytes;
      e.sha256 = b.sha256;
      e.reason = b.reason;
      e.deadline = b.deadline;
    }
  }
}
