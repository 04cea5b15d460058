package dev.shipshape.monitor.watch;

import java.time.Duration;
import java.util.Optional;

/**
 * The rules that decide a window, in the order an operator would look: the container is gone or
 * exited, it restarted, it is unhealthy on more than N consecutive checks, it logs errors faster
 * than the threshold, or its probe p99 is over the SLA. Pure logic; the first breach wins.
 */
public final class Criteria {
  private Criteria() {}

  /** The thresholds, from configuration. */
  public record Thresholds(
      int unhealthyChecks,
      double errorLinesPerMinute,
      int minimumErrorLines,
      Duration p99Sla,
      int minimumProbeSamples) {}

  /** Counters a window carries from check to check. */
  public record State(
      int consecutiveUnhealthy,
      Integer restartBaseline,
      int errorLines,
      Duration elapsed,
      Double p99,
      long probeSamples) {}

  /** A breach: which criterion, and the evidence in words. */
  public record Breach(String criterion, String evidence) {}

  public static Optional<Breach> evaluate(State s, Sample sample, Thresholds t) {
    if (!sample.found()) {
      return Optional.of(new Breach("container-missing", "the service's container is gone"));
    }
    if (!sample.running() && sample.restarting()) {
      return Optional.of(
          new Breach(
              "restart",
              "container exited with code "
                  + sample.exitCode()
                  + (sample.oomKilled() ? " (OOM-killed)" : "")
                  + " and is being restarted by the engine"));
    }
    if (!sample.running()) {
      return Optional.of(
          new Breach(
              "container-exited",
              "container exited with code "
                  + sample.exitCode()
                  + (sample.oomKilled() ? " (OOM-killed)" : "")
                  + (sample.lastErrorLine() == null
                      ? ""
                      : "; last error line: " + sample.lastErrorLine())));
    }
    if (s.restartBaseline() != null && sample.restartCount() > s.restartBaseline()) {
      return Optional.of(
          new Breach(
              "restart",
              "restarted "
                  + (sample.restartCount() - s.restartBaseline())
                  + " time(s) during the window"
                  + (sample.oomKilled() ? " (last exit OOM-killed)" : "")));
    }
    if (s.consecutiveUnhealthy() > t.unhealthyChecks()) {
      String why = sample.probeProblem() != null ? sample.probeProblem() : sample.healthOutput();
      return Optional.of(
          new Breach(
              "unhealthy",
              "unhealthy on " + s.consecutiveUnhealthy() + " consecutive checks: " + why));
    }
    double minutes = Math.max(s.elapsed().toMillis(), 1000) / 60_000.0;
    double rate = s.errorLines() / minutes;
    if (s.errorLines() >= t.minimumErrorLines() && rate > t.errorLinesPerMinute()) {
      return Optional.of(
          new Breach(
              "error-rate",
              String.format(
                  java.util.Locale.ROOT,
                  "%d error lines in %ds (%.1f/min, threshold %.1f/min); last: %s",
                  s.errorLines(),
                  s.elapsed().toSeconds(),
                  rate,
                  t.errorLinesPerMinute(),
                  sample.lastErrorLine())));
    }
    if (s.p99() != null
        && s.probeSamples() >= t.minimumProbeSamples()
        && s.p99() > t.p99Sla().toMillis()) {
      return Optional.of(
          new Breach(
              "latency",
              String.format(
                  java.util.Locale.ROOT,
                  "probe p99 %.0f ms over the SLA of %d ms",
                  s.p99(),
                  t.p99Sla().toMillis())));
    }
    return Optional.empty();
  }
}
