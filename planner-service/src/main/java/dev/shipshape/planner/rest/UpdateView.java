package dev.shipshape.planner.rest;

import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.event.Parts.Wave;
import dev.shipshape.planner.persistence.TimelineEntry;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateStep;
import dev.shipshape.planner.saga.SagaStore;
import dev.shipshape.planner.saga.rules.Incident;
import java.time.Instant;
import java.util.List;

/** An update as an operator reads it: the plan, where each step stands, and what happened. */
public record UpdateView(
    String updateId,
    String stack,
    String environment,
    String status,
    String outcome,
    String summary,
    String requestedBy,
    String reason,
    Instant receivedAt,
    Instant completedAt,
    int currentWave,
    List<Problem> problems,
    List<Wave> plan,
    List<StepView> steps,
    List<BackupView> backups,
    Incident incident,
    List<Entry> timeline) {

  /** One step and where it stands. */
  public record StepView(
      int seq,
      int wave,
      String host,
      String service,
      String tier,
      String image,
      String strategy,
      String state,
      String digest,
      String previousImage,
      String previousDigest,
      String reason,
      Instant startedAt,
      Instant finishedAt) {}

  /** One backup the update asked for. */
  public record BackupView(
      int wave,
      String host,
      String service,
      String kind,
      String mode,
      String state,
      String backupId,
      String objectKey,
      Long sizeBytes,
      String sha256,
      boolean restoreOnRollback,
      String reason) {}

  /** One line of the timeline. */
  public record Entry(Instant at, String type, String host, String service, String detail) {}

  static UpdateView of(
      UpdateRequestRecord u,
      List<Problem> problems,
      List<Wave> plan,
      List<UpdateStep> steps,
      List<UpdateBackup> backups,
      List<TimelineEntry> timeline) {
    return new UpdateView(
        u.updateId,
        u.stack,
        u.environment,
        u.status.name(),
        u.outcome == null ? null : u.outcome.wire(),
        u.summary,
        u.requestedBy,
        u.reason,
        u.receivedAt,
        u.completedAt,
        u.currentWave,
        problems,
        plan,
        steps.stream()
            .map(
                s ->
                    new StepView(
                        s.seq,
                        s.wave,
                        s.host,
                        s.service,
                        s.tier,
                        s.image,
                        s.strategy,
                        s.state.name(),
                        s.digest,
                        s.previousImage,
                        s.previousDigest,
                        s.reason,
                        s.startedAt,
                        s.finishedAt))
            .toList(),
        backups.stream()
            .map(
                b ->
                    new BackupView(
                        b.wave,
                        b.host,
                        b.service,
                        b.kind,
                        b.mode,
                        b.state.name(),
                        b.backupId,
                        b.objectKey,
                        b.sizeBytes,
                        b.sha256,
                        b.restoreForSeq != null,
                        b.reason))
            .toList(),
        SagaStore.incident(u),
        timeline.stream().map(t -> new Entry(t.at, t.type, t.host, t.service, t.detail)).toList());
  }
}
