package dev.shipshape.monitor.watch;

import dev.shipshape.monitor.persistence.WatchWindow;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The decision of one check, pure — no engine, no database, no broker, no clock of its own — so
 * that every transition of a window has a plain-JUnit test: given the window, the sample and the
 * latency seen so far, the window's next counters and status and what follows (a rollback, an
 * unresolved rollback, a known-good release, a verified rollback, or the next check).
 */
public final class WindowRules {
  private WindowRules() {}

  /** What a decided check leads to. */
  public enum Next {
    /** Not over yet: checked again at {@code nextCheckAt}. */
    CHECK_AGAIN,
    /** A deploy window breached: roll back to the release before and open an incident. */
    TRIGGER_ROLLBACK,
    /** A rollback's confirmation window breached: the symptom went on. */
    ROLLBACK_UNRESOLVED,
    /** A deploy window ended clean: the release is known-good. */
    RELEASE_VERIFIED,
    /** A rollback's confirmation window ended clean: the symptom stopped. */
    ROLLBACK_VERIFIED
  }

  /** The decision, and the breach that caused it, if one did. */
  public record Decision(Next next, Optional<Criteria.Breach> breach) {}

  /** The latency the window's probes have seen so far (its p99 and how many probes). */
  public record Latency(Double p50, Double p95, Double p99, long probes) {}

  /**
   * Folds the sample into the window and decides. {@code sampledAt}: when the check began; {@code
   * latency}: null where the sample carried no probe time (the window keeps its last figures);
   * {@code dependants}: a breach seen on a service that depends on the watched one (see {@link
   * Criteria#dependant}), which counts when the service itself does not breach.
   */
  public static Decision decide(
      WatchWindow w,
      Sample sample,
      Instant sampledAt,
      Instant now,
      Duration interval,
      Latency latency,
      long probes,
      Criteria.Thresholds thresholds,
      Optional<Criteria.Breach> dependants) {
    w.checks++;
    if (w.restartBaseline == null && sample.found()) {
      w.restartBaseline = sample.restartCount();
    }
    w.consecutiveUnhealthy = sample.unhealthy() ? w.consecutiveUnhealthy + 1 : 0;
    w.errorLines += sample.errorLines();
    w.databaseErrorLines += sample.databaseErrorLines();
    if (sample.lastLogAt() != null) {
      w.logsSince = sample.lastLogAt();
    }
    if (latency != null) {
      w.latencyP50 = latency.p50();
      w.latencyP95 = latency.p95();
      w.latencyP99 = latency.p99();
    }
    Criteria.State state =
        new Criteria.State(
            w.consecutiveUnhealthy,
            w.restartBaseline,
            w.errorLines,
            w.databaseErrorLines,
            Duration.between(w.openedAt, now),
            w.latencyP99,
            probes);
    Optional<Criteria.Breach> breach =
        Criteria.evaluate(state, sample, thresholds).or(() -> dependants);
    boolean deploy = w.kind == WatchWindow.Kind.DEPLOY;
    if (breach.isPresent()) {
      w.criterion = breach.get().criterion();
      w.evidence = breach.get().evidence();
      w.closedAt = now;
      w.status = deploy ? WatchWindow.Status.BREACHED : WatchWindow.Status.UNRESOLVED;
      return new Decision(deploy ? Next.TRIGGER_ROLLBACK : Next.ROLLBACK_UNRESOLVED, breach);
    }
    if (!sampledAt.isBefore(w.endsAt)) {
      // Only a sample taken once the window is over can say the whole window was clean: a slow
      // check that started earlier may have missed a crash in the window's last seconds.
      w.status = WatchWindow.Status.VERIFIED;
      w.closedAt = now;
      return new Decision(deploy ? Next.RELEASE_VERIFIED : Next.ROLLBACK_VERIFIED, breach);
    }
    // Fixed rate: the time a check takes does not stretch the interval (and the detection).
    Instant next = w.nextCheckAt.plus(interval);
    w.nextCheckAt = next.isAfter(now) ? next : now;
    return new Decision(Next.CHECK_AGAIN, breach);
  }
}
