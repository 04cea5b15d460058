package dev.shipshape.planner.saga.rules;

import dev.shipshape.planner.persistence.Outcome;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateStatus;
import dev.shipshape.planner.persistence.UpdateStep.State;
import dev.shipshape.planner.saga.rules.SagaCommand.RecordRolledBack;
import dev.shipshape.planner.saga.rules.SagaCommand.RequestRestore;
import dev.shipshape.planner.saga.rules.SagaCommand.RequestRollback;
import dev.shipshape.planner.saga.rules.UpdateSnapshot.Backup;
import dev.shipshape.planner.saga.rules.UpdateSnapshot.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The way back: undo what the update changed — one failed host's part of its wave while the wave
 * stays within its failure threshold; past it, what the rollout changed up to the failed wave; or
 * everywhere for an operator's rollback — newest step first on each host, one at a time, each to
 * the release that ran before it; then, where a migration was not backward-compatible, put the data
 * back from the verified pre-update backup. The update ends rolled-back once every undo is done and
 * the monitor confirmed that the symptom stopped, or failed when any of it did not work.
 */
final class Undo {
  private Undo() {}

  /**
   * Halts the rollout and undoes what it changed: every wave up to this one (an operator's
   * rollback: every wave).
   */
  static void start(Turn t, RollbackCause cause) {
    t.requireWhole();
    UpdateSnapshot u = t.u;
    if (u.status != UpdateStatus.ROLLING_BACK) {
      u.status = UpdateStatus.ROLLING_BACK;
      u.completedAt = null;
      u.incident = cause.incident(t.now);
      t.note("rollback.started", cause.host(), null, cause.trigger() + ": " + cause.reason());
    }
    mark(t, cause, s -> cause.allWaves() || s.wave <= u.currentWave);
    u.steps.stream()
        .filter(s -> s.compensate)
        .map(s -> s.host)
        .distinct()
        .toList()
        .forEach(h -> advance(t, h));
    checkDone(t);
  }

  /** Chooses the steps to undo within reach; steps not started yet never will be. */
  static void mark(Turn t, RollbackCause cause, Predicate<Step> reach) {
    for (Step s : t.u.steps) {
      if (!reach.test(s)) {
        continue;
      }
      if (s.state == State.PENDING) {
        s.state = State.SKIPPED;
      } else if (running(s)) {
        s.compensate = true;
      }
    }
    if (cause.externalStep() != null) {
      Step external = t.stepById(cause.externalStep()).orElseThrow();
      if (running(external)) {
        external.compensate = true;
        external.state = State.ROLLING_BACK;
        external.rollbackEventId = cause.externalEventId();
        external.deadline = t.in(t.settings.rollbackTimeout());
      }
    }
  }

  /** Changed the host, or may have: a deploy in flight is undone once it answers. */
  private static boolean running(Step s) {
    return s.state.changedHost() || s.state == State.DEPLOYING;
  }

  /** Undoes the host's newest changed step, or restores its data, or says the host is done. */
  static void advance(Turn t, String host) {
    t.requireWhole();
    UpdateSnapshot u = t.u;
    List<Step> mine = u.steps.stream().filter(s -> s.host.equals(host) && s.compensate).toList();
    if (mine.stream().anyMatch(s -> s.state == State.DEPLOYING || s.state == State.ROLLING_BACK)) {
      return;
    }
    Step newest = mine.stream().filter(s -> s.state.changedHost()).reduce((a, b) -> b).orElse(null);
    if (newest != null) {
      newest.state = State.ROLLING_BACK;
      newest.deadline = t.in(t.settings.rollbackTimeout());
      Incident why = u.incident;
      String operator = why == null ? null : why.requestedBy();
      t.send(
          new RequestRollback(
              newest.id,
              operator == null ? "undo of update " + u.updateId : why.reason(),
              operator));
      t.note("rollback.requested", host, newest.service, newest.previousDigest);
      return;
    }
    Set<Integer> undone =
        mine.stream()
            .filter(s -> s.state == State.ROLLED_BACK)
            .map(s -> s.seq)
            .collect(Collectors.toSet());
    List<Backup> hostBackups = u.backups.stream().filter(b -> b.host.equals(host)).toList();
    if (hostBackups.stream().anyMatch(b -> b.state == UpdateBackup.State.RESTORING)) {
      return;
    }
    hostBackups.stream()
        .filter(b -> b.state == UpdateBackup.State.VERIFIED && undone.contains(b.restoreForSeq))
        .findFirst()
        .ifPresentOrElse(
            b -> {
              b.state = UpdateBackup.State.RESTORING;
              b.deadline = t.in(t.settings.restoreTimeout());
              t.send(
                  new RequestRestore(
                      b.id, "migration of update " + u.updateId + " is not backward-compatible"));
              t.note("restore.requested", host, b.service, b.backupId);
            },
            () -> hostDone(t));
  }

  /** A running rollout goes on once a failed host is undone; a halted one may be over. */
  private static void hostDone(Turn t) {
    if (t.u.status == UpdateStatus.RUNNING) {
      Rollout.checkWave(t);
    } else {
      checkDone(t);
    }
  }

  /** Completes the update once nothing is left to undo and no confirmation is awaited. */
  static void checkDone(Turn t) {
    UpdateSnapshot u = t.u;
    if (u.status != UpdateStatus.ROLLING_BACK) {
      return;
    }
    t.requireWhole();
    boolean busy =
        u.steps.stream()
                .anyMatch(s -> s.compensate && (running(s) || s.state == State.ROLLING_BACK))
            || u.backups.stream().anyMatch(b -> b.state == UpdateBackup.State.RESTORING);
    if (busy || (u.awaitingVerification != null && u.verificationDeadline == null)) {
      return;
    }
    if (u.awaitingVerification != null && u.verificationDeadline.isAfter(t.now)) {
      return;
    }
    Incident incident = close(t);
    Map<String, String> broken = broken(u);
    long undone = u.steps.stream().filter(s -> s.state == State.ROLLED_BACK).count();
    String cause = incident.trigger() + " on " + incident.host() + ": " + incident.reason();
    if (!broken.isEmpty()) {
      Rollout.complete(t, Outcome.FAILED, cause + "; an operator is needed: " + broken);
    } else if (u.awaitingVerification != null) {
      Rollout.complete(
          t,
          Outcome.FAILED,
          cause + "; rolled back, but the monitor never confirmed the symptom stopped");
    } else if ("unresolved".equals(incident.verification())) {
      Rollout.complete(
          t,
          Outcome.FAILED,
          cause + "; rolled back, but the symptom went on: the deploy was not the cause");
    } else if (undone == 0 || "backup.failed".equals(incident.trigger())) {
      Rollout.complete(t, Outcome.FAILED, cause + "; " + undone + " step(s) undone");
    } else {
      Rollout.complete(t, Outcome.ROLLED_BACK, cause + "; " + undone + " step(s) rolled back");
    }
  }

  /** What no rollback or restore could put back: an operator is needed there. */
  static Map<String, String> broken(UpdateSnapshot u) {
    Map<String, String> broken = new LinkedHashMap<>();
    u.steps.stream()
        .filter(s -> s.state == State.ROLLBACK_FAILED)
        .forEach(s -> broken.put(s.where(), "rollback failed: " + s.reason));
    u.backups.stream()
        .filter(b -> b.state == UpdateBackup.State.RESTORE_FAILED)
        .forEach(b -> broken.put(b.host + "/" + b.service, "restore failed: " + b.reason));
    return broken;
  }

  /** Ends the incident record: when the way back was over, how long it took, what it undid. */
  static Incident close(Turn t) {
    UpdateSnapshot u = t.u;
    List<Incident.Undone> steps =
        u.steps.stream()
            .filter(s -> s.state == State.ROLLED_BACK || s.state == State.ROLLBACK_FAILED)
            .map(
                s ->
                    new Incident.Undone(
                        s.host, s.service, s.digest, s.previousDigest, s.state.name()))
            .toList();
    u.incident = (u.incident == null ? Incident.UNKNOWN : u.incident).closed(t.now, steps);
    return u.incident;
  }

  static void onRollbackDone(Turn t, Step s, String toDigest) {
    s.state = State.ROLLED_BACK;
    s.deadline = null;
    s.finishedAt = t.now;
    t.send(new RecordRolledBack(s.id, toDigest));
    t.note("rollback.done", s.host, s.service, toDigest);
    if (s.where().equals(t.u.awaitingVerification)) {
      t.u.verificationDeadline = t.in(t.settings.confirmTimeout());
    }
    advance(t, s.host);
  }

  /** The monitor's verdict on a rollback it watched. */
  static void onConfirmation(Turn t, String host, String service, String verdict) {
    UpdateSnapshot u = t.u;
    t.note("rollback." + verdict, host, service, null);
    if ((host + "/" + service).equals(u.awaitingVerification)) {
      u.awaitingVerification = null;
      u.verificationDeadline = null;
      u.incident = (u.incident == null ? Incident.UNKNOWN : u.incident).verified(verdict);
      checkDone(t);
    }
  }
}
