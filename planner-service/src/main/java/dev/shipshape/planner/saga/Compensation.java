package dev.shipshape.planner.saga;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateStep;
import dev.shipshape.planner.persistence.UpdateStep.State;
import dev.shipshape.planner.release.DeploymentLog;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The way back: undo what the update changed — on the failed wave, or everywhere for a manual
 * rollback — newest step first on each host, one at a time, each to the release that ran before it;
 * then, where a migration was not backward-compatible, put the data back from the verified
 * pre-update backup. The update ends rolled-back once every undo is done and the monitor confirmed
 * that the symptom stopped, or failed when any of it did not work.
 */
@ApplicationScoped
public class Compensation {
  private static final Logger LOG = Logger.getLogger(Compensation.class);

  /** What set the rollback off, kept on the update as its incident record. */
  public record Incident(
      String trigger,
      String host,
      String service,
      String reason,
      String fromDigest,
      String toDigest,
      Instant detectedAt,
      Instant rollbackStartedAt,
      String verification) {}

  private final UpdateSaga saga;
  private final Commands commands;
  private final DeploymentLog log;
  private final SagaSettings settings;

  public Compensation(
      UpdateSaga saga, Commands commands, DeploymentLog log, SagaSettings settings) {
    this.saga = saga;
    this.commands = commands;
    this.log = log;
    this.settings = settings;
  }

  /**
   * Starts undoing. {@code allWaves} for a manual rollback of the whole update; otherwise only the
   * current wave. {@code external} is a step somebody else is already rolling back (the monitor).
   */
  void start(
      UpdateRequestRecord u,
      boolean allWaves,
      String trigger,
      UpdateStep at,
      String host,
      String reason,
      UpdateStep external,
      String externalEventId) {
    if (!"ROLLING_BACK".equals(u.status)) {
      u.status = "ROLLING_BACK";
      u.completedAt = null;
      u.incident =
          EventCodec.toJson(
              new Incident(
                  trigger,
                  at == null ? host : at.host,
                  at == null ? null : at.service,
                  reason,
                  at == null ? null : at.digest,
                  at == null ? null : at.previousDigest,
                  Instant.now(),
                  Instant.now(),
                  null));
      saga.timeline().add(u.updateId, "rollback.started", host, null, trigger + ": " + reason);
      LOG.infof("update %s: rolling back (%s): %s", u.updateId, trigger, reason);
    }
    for (UpdateStep s : saga.steps().ofUpdate(u.updateId)) {
      if (!allWaves && s.wave != u.currentWave) {
        continue;
      }
      if (s.state == State.PENDING) {
        s.state = State.SKIPPED;
      } else if (s.state.changedHost() || s.state == State.DEPLOYING) {
        s.compensate = true;
      }
    }
    if (external != null && (external.state.changedHost() || external.state == State.DEPLOYING)) {
      external.compensate = true;
      external.state = State.ROLLING_BACK;
      external.rollbackEventId = externalEventId;
      external.deadline = Commands.in(settings.rollbackTimeout());
    }
    saga.steps().ofUpdate(u.updateId).stream()
        .filter(s -> s.compensate)
        .map(s -> s.host)
        .distinct()
        .forEach(h -> advance(u, h));
    checkDone(u);
  }

  /** Undoes the host's newest changed step, or restores its data, or says the host is done. */
  void advance(UpdateRequestRecord u, String host) {
    List<UpdateStep> mine =
        saga.steps().ofUpdate(u.updateId).stream()
            .filter(s -> s.host.equals(host) && s.compensate)
            .toList();
    if (mine.stream().anyMatch(s -> s.state == State.DEPLOYING || s.state == State.ROLLING_BACK)) {
      return;
    }
    UpdateStep newest =
        mine.stream().filter(s -> s.state.changedHost()).reduce((a, b) -> b).orElse(null);
    if (newest != null) {
      newest.state = State.ROLLING_BACK;
      newest.deadline = Commands.in(settings.rollbackTimeout());
      newest.rollbackEventId =
          commands.rollback(u, newest, true, "undo of update " + u.updateId, Commands.PLANNER);
      saga.timeline()
          .add(u.updateId, "rollback.requested", host, newest.service, newest.previousDigest);
      return;
    }
    Set<Integer> undone =
        mine.stream()
            .filter(s -> s.state == State.ROLLED_BACK)
            .map(s -> s.seq)
            .collect(Collectors.toSet());
    List<UpdateBackup> hostBackups =
        saga.backups().ofUpdate(u.updateId).stream().filter(b -> b.host.equals(host)).toList();
    if (hostBackups.stream().anyMatch(b -> b.state == UpdateBackup.State.RESTORING)) {
      return;
    }
    hostBackups.stream()
        .filter(b -> b.state == UpdateBackup.State.VERIFIED && undone.contains(b.restoreForSeq))
        .findFirst()
        .ifPresentOrElse(
            b -> {
              b.state = UpdateBackup.State.RESTORING;
              b.deadline = Commands.in(settings.restoreTimeout());
              commands.restore(
                  u, b, "migration of update " + u.updateId + " is not backward-compatible");
              saga.timeline().add(u.updateId, "restore.requested", host, b.service, b.backupId);
            },
            () -> checkDone(u));
  }

  /** Completes the update once nothing is left to undo and no confirmation is awaited. */
  void checkDone(UpdateRequestRecord u) {
    if (!"ROLLING_BACK".equals(u.status)) {
      return;
    }
    List<UpdateStep> all = saga.steps().ofUpdate(u.updateId);
    boolean busy =
        all.stream()
                .anyMatch(
                    s ->
                        s.compensate
                            && (s.state.changedHost()
                                || s.state == State.DEPLOYING
                                || s.state == State.ROLLING_BACK))
            || saga.backups().ofUpdate(u.updateId).stream()
                .anyMatch(b -> b.state == UpdateBackup.State.RESTORING);
    if (busy || (u.awaitingVerification != null && u.verificationDeadline == null)) {
      return;
    }
    if (u.awaitingVerification != null && u.verificationDeadline.isAfter(Instant.now())) {
      return;
    }
    Incident incident = incident(u);
    Map<String, String> broken = new LinkedHashMap<>();
    all.stream()
        .filter(s -> s.state == State.ROLLBACK_FAILED)
        .forEach(s -> broken.put(s.host + "/" + s.service, "rollback failed: " + s.reason));
    saga.backups().ofUpdate(u.updateId).stream()
        .filter(b -> b.state == UpdateBackup.State.RESTORE_FAILED)
        .forEach(b -> broken.put(b.host + "/" + b.service, "restore failed: " + b.reason));
    long undone = all.stream().filter(s -> s.state == State.ROLLED_BACK).count();
    String cause = incident.trigger() + " on " + incident.host() + ": " + incident.reason();
    if (!broken.isEmpty()) {
      saga.complete(u, "failed", cause + "; an operator is needed: " + broken);
    } else if (u.awaitingVerification != null) {
      saga.complete(
          u,
          "failed",
          cause + "; rolled back, but the monitor never confirmed the symptom stopped");
    } else if ("unresolved".equals(incident.verification())) {
      saga.complete(
          u,
          "failed",
          cause + "; rolled back, but the symptom went on: the deploy was not the cause");
    } else if (undone == 0 || "backup.failed".equals(incident.trigger())) {
      saga.complete(u, "failed", cause + "; " + undone + " step(s) undone");
    } else {
      saga.complete(u, "rolled-back", cause + "; " + undone + " step(s) rolled back");
    }
  }

  void onRollbackDone(UpdateRequestRecord u, UpdateStep s, String toDigest) {
    s.state = State.ROLLED_BACK;
    s.deadline = null;
    s.finishedAt = Instant.now();
    log.rolledBack(u.stack, s.host, s.service, s.previousImage, toDigest, u.updateId);
    saga.timeline().add(u.updateId, "rollback.done", s.host, s.service, toDigest);
    if ((s.host + "/" + s.service).equals(u.awaitingVerification)) {
      u.verificationDeadline = Commands.in(settings.confirmTimeout());
    }
    advance(u, s.host);
  }

  /** The monitor's verdict on a rollback it watched. */
  void onConfirmation(UpdateRequestRecord u, String host, String service, String verdict) {
    saga.timeline().add(u.updateId, "rollback." + verdict, host, service, null);
    if ((host + "/" + service).equals(u.awaitingVerification)) {
      u.awaitingVerification = null;
      u.verificationDeadline = null;
      Incident i = incident(u);
      u.incident =
          EventCodec.toJson(
              new Incident(
                  i.trigger(),
                  i.host(),
                  i.service(),
                  i.reason(),
                  i.fromDigest(),
                  i.toDigest(),
                  i.detectedAt(),
                  i.rollbackStartedAt(),
                  verdict));
      checkDone(u);
    }
  }

  /** A cancelled update ends once nothing it started is still running. */
  static void finishCancelIfIdle(UpdateSaga saga, UpdateRequestRecord u) {
    boolean busy =
        saga.steps().ofUpdate(u.updateId).stream().anyMatch(s -> s.state == State.DEPLOYING)
            || saga.backups().ofUpdate(u.updateId).stream()
                .anyMatch(b -> b.state == UpdateBackup.State.REQUESTED);
    if (!busy && "RUNNING".equals(u.status)) {
      long deployed =
          saga.steps().ofUpdate(u.updateId).stream().filter(s -> s.state.changedHost()).count();
      saga.complete(
          u,
          "failed",
          "cancelled by "
              + u.cancelRequestedBy
              + "; "
              + deployed
              + " step(s) stay deployed (POST /api/updates/"
              + u.updateId
              + "/rollback undoes them)");
    }
  }

  public static Incident incident(UpdateRequestRecord u) {
    return u.incident == null
        ? new Incident("unknown", null, null, "", null, null, null, null, null)
        : Commands.read(u.incident, Incident.class);
  }
}
