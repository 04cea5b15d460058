package dev.shipshape.monitor.watch;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.Latency;
import dev.shipshape.common.event.Payloads.MonitorHealth;
import dev.shipshape.common.messaging.Outbox;
import dev.shipshape.monitor.persistence.WatchWindow;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.HdrHistogram.Histogram;

/** Turns one check into the compact {@code monitor.health} event a fleet view is drawn from. */
@ApplicationScoped
public class HealthEvents {
  private final Outbox outbox;

  public HealthEvents(Outbox outbox) {
    this.outbox = outbox;
  }

  public MonitorHealth publish(
      WatchWindow w, Sample sample, Optional<Criteria.Breach> breach, Histogram h) {
    Map<String, String> checks = new LinkedHashMap<>();
    checks.put(
        "container",
        !sample.found()
            ? "missing"
            : sample.running() ? "running" : "exited(" + sample.exitCode() + ")");
    checks.put("health", sample.health());
    checks.put("restarts", String.valueOf(sample.restartCount()));
    checks.put("oomKilled", String.valueOf(sample.oomKilled()));
    checks.put("consecutiveUnhealthy", String.valueOf(w.consecutiveUnhealthy));
    checks.put("window", w.kind.toLowerCase(Locale.ROOT));
    if (sample.probeMillis() != null) {
      checks.put("probe", sample.probeMillis() < 0 ? "failed" : "ok");
    }
    if (sample.cpuPercent() != null) {
      checks.put("cpu", String.format(Locale.ROOT, "%.1f%%", sample.cpuPercent()));
    }
    if (sample.memoryBytes() != null) {
      checks.put("memory", sample.memoryBytes() / (1024 * 1024) + " MiB");
    }
    breach.ifPresent(b -> checks.put("breach", b.criterion()));
    Latency latency =
        h.getTotalCount() == 0
            ? null
            : new Latency(
                h.getValueAtPercentile(50),
                h.getValueAtPercentile(95),
                h.getValueAtPercentile(99),
                h.getTotalCount());
    double minutes =
        Math.max(Duration.between(w.openedAt, Instant.now()).toMillis(), 1000) / 60_000.0;
    String verdict = breach.isPresent() ? "BREACH" : sample.unhealthy() ? "UNHEALTHY" : "HEALTHY";
    MonitorHealth health =
        new MonitorHealth(
            w.host,
            w.service,
            sample.digest(),
            verdict,
            checks,
            latency,
            w.errorLines / minutes,
            sample.cpuPercent(),
            sample.memoryBytes(),
            sample.memoryLimitBytes(),
            sample.found() ? sample.oomKilled() : null,
            w.image);
    outbox.publish(EventEnvelope.of(w.updateId, w.stack, w.host, health));
    return health;
  }
}
