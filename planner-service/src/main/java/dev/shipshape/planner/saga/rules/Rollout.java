package dev.shipshape.planner.saga.rules;

import static java.util.stream.Collectors.groupingBy;
import static java.util.stream.Collectors.toList;

import dev.shipshape.planner.persistence.Outcome;
import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateStatus;
import dev.shipshape.planner.persistence.UpdateStep.State;
import dev.shipshape.planner.saga.rules.SagaCommand.PublishCompleted;
import dev.shipshape.planner.saga.rules.SagaCommand.RequestBackup;
import dev.shipshape.planner.saga.rules.SagaCommand.RequestDeploy;
import dev.shipshape.planner.saga.rules.UpdateSnapshot.Backup;
import dev.shipshape.planner.saga.rules.UpdateSnapshot.Step;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The forward path: per wave, per host, the backups first, then the steps one at a time in tier
 * order, each waiting for its deploy.done; the next wave starts once every step of this one passed
 * its monitor window. Also the end of every update ({@link #complete}).
 */
final class Rollout {
  private Rollout() {}

  /** Sends the backups of the current wave, or starts its hosts right away. */
  static void startWave(Turn t) {
    t.requireWhole();
    UpdateSnapshot u = t.u;
    List<Step> wave = u.steps.stream().filter(s -> s.wave == u.currentWave).toList();
    if (wave.isEmpty()) {
      finishWave(t);
      return;
    }
    t.note("wave.started", null, null, "wave " + u.currentWave);
    // One pass over the wave, grouped by host: a wave may hold thousands of hosts.
    Map<String, List<Step>> stepsByHost =
        wave.stream().collect(groupingBy(s -> s.host, LinkedHashMap::new, toList()));
    Map<String, List<Backup>> backupsByHost =
        u.backups.stream()
            .filter(b -> b.wave == u.currentWave)
            .collect(groupingBy(b -> b.host, LinkedHashMap::new, toList()));
    stepsByHost.forEach(
        (host, hostSteps) -> {
          List<Backup> hostBackups = backupsByHost.getOrDefault(host, List.of());
          for (Backup b : hostBackups) {
            b.state = UpdateBackup.State.REQUESTED;
            b.deadline = t.in(t.settings.backupTimeout());
            t.send(new RequestBackup(b.id));
            t.note("backup.requested", host, b.service, b.kind);
          }
          advanceHost(t, hostSteps, hostBackups);
        });
  }

  /** Starts the host's next step once its backups are verified and nothing else runs there. */
  static void advanceHost(Turn t, String host) {
    int wave = t.u.currentWave;
    advanceHost(
        t,
        t.u.steps.stream().filter(s -> s.wave == wave && s.host.equals(host)).toList(),
        t.u.backups.stream().filter(b -> b.wave == wave && b.host.equals(host)).toList());
  }

  private static void advanceHost(Turn t, List<Step> hostSteps, List<Backup> hostBackups) {
    if (t.u.status != UpdateStatus.RUNNING
        || hostBackups.stream().anyMatch(b -> b.state != UpdateBackup.State.VERIFIED)
        || hostSteps.stream().anyMatch(s -> s.state == State.DEPLOYING)) {
      return;
    }
    if (t.u.cancelRequestedBy != null) {
      finishCancelIfIdle(t);
      return;
    }
    hostSteps.stream()
        .filter(s -> s.state == State.PENDING)
        .findFirst()
        .ifPresentOrElse(
            s -> {
              s.state = State.DEPLOYING;
              s.startedAt = t.now;
              s.deadline = t.in(t.settings.deployTimeout());
              t.send(new RequestDeploy(s.id));
              t.note("deploy.requested", s.host, s.service, s.image);
            },
            () -> checkWave(t));
  }

  /**
   * The wave is done when every step passed its window, or failed within the failure threshold and
   * was undone.
   */
  static void checkWave(Turn t) {
    UpdateSnapshot u = t.u;
    if (u.status != UpdateStatus.RUNNING) {
      return;
    }
    long unsettled = u.steps.stream().filter(s -> s.wave == u.currentWave && !settled(s)).count();
    boolean restoring = u.backups.stream().anyMatch(b -> b.state == UpdateBackup.State.RESTORING);
    if (unsettled + (u.whole ? 0 : u.unverifiedElsewhere) == 0 && !restoring) {
      finishWave(t);
    }
  }

  /** Nothing more will happen to the step in this rollout. */
  private static boolean settled(Step s) {
    return switch (s.state) {
      case VERIFIED, SKIPPED, FAILED, ROLLED_BACK, ROLLBACK_FAILED -> true;
      default -> false;
    };
  }

  private static void finishWave(Turn t) {
    t.requireWhole();
    UpdateSnapshot u = t.u;
    if (u.steps.stream().anyMatch(s -> s.wave > u.currentWave)) {
      u.currentWave++;
      startWave(t);
      return;
    }
    if (u.incident != null) {
      endWithFailedHosts(t);
      return;
    }
    int count = u.steps.size();
    complete(
        t,
        Outcome.SUCCEEDED,
        count == 0
            ? "nothing to change: every service already runs what was asked"
            : count + " step(s) deployed and verified");
  }

  /** The last wave is over, but hosts failed on the way (within the threshold) and were undone. */
  private static void endWithFailedHosts(Turn t) {
    UpdateSnapshot u = t.u;
    Incident incident = Undo.close(t);
    long deployed = u.steps.stream().filter(s -> s.state == State.VERIFIED).count();
    long undone = u.steps.stream().filter(s -> s.state == State.ROLLED_BACK).count();
    Set<String> failed = new TreeSet<>();
    u.steps.stream()
        .filter(s -> s.state == State.FAILED || s.state == State.ROLLED_BACK)
        .forEach(s -> failed.add(s.host));
    u.backups.stream()
        .filter(b -> b.state == UpdateBackup.State.FAILED)
        .forEach(b -> failed.add(b.host));
    String cause = incident.trigger() + " on " + incident.host() + ": " + incident.reason();
    Map<String, String> broken = Undo.broken(u);
    if (!broken.isEmpty()) {
      complete(t, Outcome.FAILED, cause + "; an operator is needed: " + broken);
    } else if (deployed == 0) {
      complete(
          t,
          undone == 0 ? Outcome.FAILED : Outcome.ROLLED_BACK,
          cause + "; every host failed; " + undone + " step(s) rolled back");
    } else {
      // Not every host runs the release: the caller must not read this as a success.
      complete(
          t,
          Outcome.FAILED,
          deployed
              + " step(s) deployed and verified; within failureThreshold "
              + u.failureThreshold
              + ", "
              + String.join(", ", failed)
              + " failed and went back ("
              + cause
              + ")");
    }
  }

  /** A cancelled update ends once nothing it started is still running. */
  static void finishCancelIfIdle(Turn t) {
    t.requireWhole();
    UpdateSnapshot u = t.u;
    boolean busy =
        u.steps.stream().anyMatch(s -> s.state == State.DEPLOYING)
            || u.backups.stream().anyMatch(b -> b.state == UpdateBackup.State.REQUESTED);
    if (busy || u.status != UpdateStatus.RUNNING) {
      return;
    }
    long deployed = u.steps.stream().filter(s -> s.state.changedHost()).count();
    complete(
        t,
        Outcome.FAILED,
        "cancelled by "
            + u.cancelRequestedBy
            + "; "
            + deployed
            + " step(s) stay deployed (POST /api/updates/"
            + u.updateId
            + "/rollback undoes them)");
  }

  /** Ends the update and says so on update.completed; nothing it waited for matters any more. */
  static void complete(Turn t, Outcome outcome, String summary) {
    t.requireWhole();
    UpdateSnapshot u = t.u;
    u.outcome = outcome;
    u.summary = summary;
    u.status = outcome.status();
    u.completedAt = t.now;
    u.verificationDeadline = null;
    for (Step s : u.steps) {
      if (s.state == State.PENDING) {
        s.state = State.SKIPPED;
      }
      s.deadline = null;
    }
    u.backups.forEach(b -> b.deadline = null);
    t.send(new PublishCompleted(outcome, summary));
    t.note("update.completed", null, null, outcome.wire() + ": " + summary);
  }
}
