package dev.shipshape.planner.saga.rules;

import dev.shipshape.planner.persistence.UpdateBackup;
import dev.shipshape.planner.persistence.UpdateStatus;
import dev.shipshape.planner.persistence.UpdateStep.State;
import dev.shipshape.planner.saga.rules.UpdateSnapshot.Step;
import java.util.Set;
import java.util.TreeSet;

/**
 * How far a failure in a running rollout reaches, by the request's {@code
 * rollout.failureThreshold}: within it, only the failed host's part of the wave is undone and the
 * other hosts go on; past it, {@link Undo#start} halts the rollout and undoes what it changed.
 */
final class WaveFailures {
  private WaveFailures() {}

  /**
   * A failure while the rollout runs: within the wave's failure threshold only the failed host's
   * changes in this wave are undone and the rollout goes on; past it the rollout halts and
   * everything it changed is undone.
   */
  static void onFailure(Turn t, RollbackCause cause) {
    if (tolerates(t, cause)) {
      tolerate(t, cause);
    } else {
      Undo.start(t, cause);
    }
  }

  /** Whether the failure leaves the wave within {@code failureThreshold} failed hosts. */
  static boolean tolerates(Turn t, RollbackCause cause) {
    t.requireWhole();
    UpdateSnapshot u = t.u;
    if (u.status != UpdateStatus.RUNNING
        || cause.host() == null
        || cause.allWaves()
        || u.steps.stream().noneMatch(s -> inWave(u, s) && s.host.equals(cause.host()))) {
      return false;
    }
    Set<String> failed = failedHosts(u);
    failed.add(cause.host());
    return failed.size() <= u.failureThreshold;
  }

  /** Hosts of the current wave where something failed (in a running update nothing else undoes). */
  static Set<String> failedHosts(UpdateSnapshot u) {
    Set<String> hosts = new TreeSet<>();
    u.steps.stream()
        .filter(s -> inWave(u, s) && (s.compensate || failedOrUndone(s.state)))
        .forEach(s -> hosts.add(s.host));
    u.backups.stream()
        .filter(b -> b.wave == u.currentWave && b.state == UpdateBackup.State.FAILED)
        .forEach(b -> hosts.add(b.host));
    return hosts;
  }

  private static boolean failedOrUndone(State state) {
    return state == State.FAILED
        || state == State.ROLLING_BACK
        || state == State.ROLLED_BACK
        || state == State.ROLLBACK_FAILED;
  }

  private static boolean inWave(UpdateSnapshot u, Step s) {
    return s.wave == u.currentWave;
  }

  /** Undoes the failed host's part of the wave; the other hosts go on. */
  private static void tolerate(Turn t, RollbackCause cause) {
    UpdateSnapshot u = t.u;
    if (u.incident == null) {
      u.incident = cause.incident(t.now);
    }
    t.note(
        "host.failed",
        cause.host(),
        cause.service(),
        cause.trigger()
            + ": "
            + cause.reason()
            + " (within failureThreshold "
            + u.failureThreshold
            + ": the rollout goes on without this host)");
    Undo.mark(t, cause, s -> inWave(u, s) && s.host.equals(cause.host()));
    // Its other backups are not needed any more: their deadlines must not fail the update later.
    u.backups.stream()
        .filter(b -> b.wave == u.currentWave && b.host.equals(cause.host()))
        .filter(b -> b.state == UpdateBackup.State.REQUESTED)
        .forEach(b -> b.deadline = null);
    Undo.advance(t, cause.host());
  }
}
