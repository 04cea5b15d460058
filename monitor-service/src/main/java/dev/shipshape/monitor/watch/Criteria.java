package dev.shipshape.monitor.watch;

import java.time.Duration;
import java.util.Optional;

/**
 * The rules that decide a window, in the order an operator would look: the container is gone or
 * exited, it restarted, a golden request was answered wrongly, it is unhealthy on more than N
 * consecutive checks, it logs database-connection errors or other errors faster than their
 * thresholds, or its probe p99 is over the SLA. Pure logic; the first breach wins.
 */
public final class Criteria {
  private Criteria() {}

  /** The thresholds, from configuration. */
  public record Thresholds(
      int unhealthyChecks,
      double errorLinesPerMinute,
      int minimumErrorLines,
      double databaseErrorLinesPerMinute,
      int minimumDatabaseErrorLines,
      Duration p99Sla,
      int minimumProbeSamples) {}

  /** Counters a window carries from check to check. */
  public record State(
      int consecutiveUnhealthy,
      Integer restartBaseline,
      int errorLines,
      int databaseErrorLines,
      Duration elapsed,
      Double p99,
      long probeSamples) {}

  /** A breach: which criterion, and the evidence in words. */
  public record Breach(String criterion, String evidence) {}

  /**
   * The rules for a service that depends on the one watched ({@code depends_on}), checked on the
   * same host with each check of the window: it exited, a golden request of its own was answered
   * wrongly, or it logs database-connection errors faster than the threshold ({@code d} counts them
   * since the window opened, so no counter is kept for it). One that does not run there is not
   * judged.
   */
  public static Optional<Breach> dependant(
      String watched, String dependant, Sample d, Duration elapsed, Thresholds t) {
    if (!d.found()) {
      return Optional.empty();
    }
    String on = "on " + dependant + ", which depends on " + watched + ": ";
    if (!d.running()) {
      return Optional.of(
          new Breach(
              d.restarting() ? "restart" : "container-exited",
              on
                  + "container exited with code "
                  + d.exitCode()
                  + (d.lastErrorLine() == null ? "" : "; last error line: " + d.lastErrorLine())));
    }
    if (d.goldenFailure() != null) {
      return Optional.of(new Breach("golden-request", on + d.goldenFailure()));
    }
    double minutes = Math.max(elapsed.toMillis(), 1000) / 60_000.0;
    double rate = d.databaseErrorLines() / minutes;
    if (d.databaseErrorLines() >= t.minimumDatabaseErrorLines()
        && rate > t.databaseErrorLinesPerMinute()) {
      return Optional.of(
          new Breach(
              "db-connection",
              on
                  + String.format(
                      java.util.Locale.ROOT,
                      "%d database-connection error lines in %ds (%.1f/min, threshold %.1f/min);"
                          + " last: %s",
                      d.databaseErrorLines(),
                      elapsed.toSeconds(),
                      rate,
                      t.databaseErrorLinesPerMinute(),
                      d.lastDatabaseErrorLine())));
    }
    return Optional.empty();
  }

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
    if (sample.goldenFailure() != null) {
      // A wrong answer is not noise: the release answers what it was asked wrongly now.
      return Optional.of(new Breach("golden-request", sample.goldenFailure()));
    }
    if (s.consecutiveUnhealthy() > t.unhealthyChecks()) {
      String why =
          sample.probeProblem() != null
              ? sample.probeProblem()
              : sample.goldenUnanswered() != null
                  ? sample.goldenUnanswered()
                  : sample.healthOutput();
      return Optional.of(
          new Breach(
              "unhealthy",
              "unhealthy on " + s.consecutiveUnhealthy() + " consecutive checks: " + why));
    }
    double minutes = Math.max(s.elapsed().toMillis(), 1000) / 60_000.0;
    double dbRate = s.databaseErrorLines() / minutes;
    if (s.databaseErrorLines() >= t.minimumDatabaseErrorLines()
        && dbRate > t.databaseErrorLinesPerMinute()) {
      return Optional.of(
          new Breach(
              "db-connection",
              String.format(
                  java.util.Locale.ROOT,
                  "%d database-connection error lines in %ds (%.1f/min, threshold %.1f/min);"
                      + " last: %s",
                  s.databaseErrorLines(),
                  s.elapsed().toSeconds(),
                  dbRate,
                  t.databaseErrorLinesPerMinute(),
                  sample.lastDatabaseErrorLine())));
    }
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
