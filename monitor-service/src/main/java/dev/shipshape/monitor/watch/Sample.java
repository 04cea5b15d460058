package dev.shipshape.monitor.watch;

/**
 * What one check saw of a service's container. {@code health} is healthy, unhealthy or none; {@code
 * probeMillis} is null without a probe, negative when the probe failed; CPU (percent of one core)
 * and memory come from the engine's stats and are null where it gives none; {@code restarting}
 * means the container stopped but its restart policy brings it back. {@code goldenFailure} is the
 * evidence of a golden request answered wrongly, {@code goldenUnanswered} why one got no answer (an
 * unhealthy check, like a failed probe); both null when they passed or there are none.
 */
public record Sample(
    boolean found,
    boolean running,
    long exitCode,
    boolean oomKilled,
    int restartCount,
    String digest,
    String health,
    String healthOutput,
    Double probeMillis,
    String probeProblem,
    int errorLines,
    int databaseErrorLines,
    String lastErrorLine,
    java.time.Instant lastLogAt,
    Double cpuPercent,
    Long memoryBytes,
    Long memoryLimitBytes,
    boolean restarting,
    String lastDatabaseErrorLine,
    String goldenFailure,
    String goldenUnanswered) {

  public static Sample missing() {
    return new Sample(
        false, false, -1, false, 0, null, "none", "", null, null, 0, 0, null, null, null, null,
        null, false, null, null, null);
  }

  public boolean unhealthy() {
    return "unhealthy".equals(health)
        || (probeMillis != null && probeMillis < 0)
        || goldenUnanswered != null;
  }
}
