package dev.shipshape.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.monitor.watch.Criteria;
import dev.shipshape.monitor.watch.Criteria.State;
import dev.shipshape.monitor.watch.Criteria.Thresholds;
import dev.shipshape.monitor.watch.Sample;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each criterion breaches exactly when its threshold is passed, and the first breach wins. */
class CriteriaTest {
  private static final Thresholds T = new Thresholds(2, 10, 3, 2, 3, Duration.ofMillis(500), 5);

  private static Sample sample(boolean running, int restarts, String health) {
    return new Sample(
        true,
        running,
        running ? 0 : 1,
        false,
        restarts,
        "sha256:a",
        health,
        "",
        null,
        null,
        0,
        0,
        null,
        null,
        null,
        null,
        null,
        false,
        null,
        null,
        null);
  }

  private static State state(int unhealthy, int errors, Duration elapsed, Double p99, long probes) {
    return new State(unhealthy, 0, errors, 0, elapsed, p99, probes);
  }

  @Test
  void aHealthyServiceDoesNotBreach() {
    assertTrue(
        Criteria.evaluate(
                state(0, 0, Duration.ofSeconds(30), 20.0, 10), sample(true, 0, "healthy"), T)
            .isEmpty());
  }

  @Test
  void unhealthyOnMoreThanTheThresholdOfConsecutiveChecks() {
    assertTrue(
        Criteria.evaluate(
                state(2, 0, Duration.ofSeconds(30), null, 0), sample(true, 0, "unhealthy"), T)
            .isEmpty());
    assertEquals(
        "unhealthy",
        Criteria.evaluate(
                state(3, 0, Duration.ofSeconds(30), null, 0), sample(true, 0, "unhealthy"), T)
            .orElseThrow()
            .criterion());
  }

  @Test
  void anyRestartOrExitBreaches() {
    assertEquals(
        "restart",
        Criteria.evaluate(
                state(0, 0, Duration.ofSeconds(5), null, 0), sample(true, 1, "healthy"), T)
            .orElseThrow()
            .criterion());
    assertEquals(
        "container-exited",
        Criteria.evaluate(state(0, 0, Duration.ofSeconds(5), null, 0), sample(false, 0, "none"), T)
            .orElseThrow()
            .criterion());
    assertEquals(
        "container-missing",
        Criteria.evaluate(state(0, 0, Duration.ofSeconds(5), null, 0), Sample.missing(), T)
            .orElseThrow()
            .criterion());
  }

  @Test
  void anExitThatTheEngineWillRestartIsARestart() {
    Sample exited = sample(false, 0, "none");
    Sample restarting =
        new Sample(
            true,
            false,
            1,
            true,
            0,
            "sha256:a",
            "none",
            "",
            null,
            null,
            0,
            0,
            null,
            null,
            null,
            null,
            null,
            true,
            null,
            null,
            null);
    assertEquals(
        "container-exited",
        Criteria.evaluate(state(0, 0, Duration.ofSeconds(5), null, 0), exited, T)
            .orElseThrow()
            .criterion());
    Criteria.Breach b =
        Criteria.evaluate(state(0, 0, Duration.ofSeconds(5), null, 0), restarting, T).orElseThrow();
    assertEquals("restart", b.criterion());
    assertTrue(b.evidence().contains("OOM-killed"), b.evidence());
  }

  @Test
  void errorLinesFasterThanTheThresholdBreachOnlyPastAMinimumCount() {
    assertTrue(
        Criteria.evaluate(
                state(0, 2, Duration.ofSeconds(1), null, 0), sample(true, 0, "healthy"), T)
            .isEmpty(),
        "two lines are not yet a rate");
    assertTrue(
        Criteria.evaluate(
                state(0, 5, Duration.ofMinutes(1), null, 0), sample(true, 0, "healthy"), T)
            .isEmpty(),
        "5/min is under 10/min");
    assertEquals(
        "error-rate",
        Criteria.evaluate(
                state(0, 5, Duration.ofSeconds(10), null, 0), sample(true, 0, "healthy"), T)
            .orElseThrow()
            .criterion());
  }

  @Test
  void probeP99OverTheSlaBreachesOnceThereAreEnoughSamples() {
    assertTrue(
        Criteria.evaluate(
                state(0, 0, Duration.ofSeconds(10), 900.0, 4), sample(true, 0, "healthy"), T)
            .isEmpty());
    assertEquals(
        "latency",
        Criteria.evaluate(
                state(0, 0, Duration.ofSeconds(10), 900.0, 5), sample(true, 0, "healthy"), T)
            .orElseThrow()
            .criterion());
  }
}
