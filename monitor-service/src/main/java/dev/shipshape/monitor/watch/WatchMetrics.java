package dev.shipshape.monitor.watch;

import dev.shipshape.monitor.persistence.WatchWindow;
import dev.shipshape.monitor.persistence.WatchWindowRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The monitor's Prometheus metrics (drawn by deploy/grafana/monitor.json): checks by verdict,
 * breaches by criterion, rollbacks, detection latency, probe and check latency, open windows.
 */
@ApplicationScoped
public class WatchMetrics {
  private final MeterRegistry registry;
  private final Timer detection;
  private final Timer probe;
  private final Timer check;
  private final AtomicLong open = new AtomicLong();

  public WatchMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.detection =
        Timer.builder("shipshape.monitor.detection")
            .description("From a window opening to the breach that triggers its rollback")
            .publishPercentileHistogram()
            .register(registry);
    this.probe =
        Timer.builder("shipshape.monitor.probe")
            .description("HTTP probe latency of watched services")
            .publishPercentileHistogram()
            .register(registry);
    this.check =
        Timer.builder("shipshape.monitor.check")
            .description("How long one check of one service takes")
            .publishPercentileHistogram()
            .register(registry);
    Gauge.builder("shipshape.monitor.windows.open", open, AtomicLong::get)
        .description("Windows being watched")
        .register(registry);
  }

  public void checked(String kind, String verdict, Duration took, Double probeMillis) {
    Counter.builder("shipshape.monitor.checks")
        .description("Checks of watched services")
        .tag("window", kind)
        .tag("verdict", verdict)
        .register(registry)
        .increment();
    check.record(took);
    if (probeMillis != null && probeMillis >= 0) {
      probe.record(Duration.ofNanos(Math.round(probeMillis * 1e6)));
    }
  }

  public void breached(String kind, String criterion) {
    Counter.builder("shipshape.monitor.breaches")
        .description("Criteria breached, by criterion")
        .tag("window", kind)
        .tag("criterion", criterion)
        .register(registry)
        .increment();
  }

  public void rollback(boolean manual, Duration detectedAfter) {
    Counter.builder("shipshape.monitor.rollbacks")
        .description("Rollbacks triggered by the monitor or asked for by an operator")
        .tag("trigger", manual ? "manual" : "automatic")
        .register(registry)
        .increment();
    if (!manual && detectedAfter != null) {
      detection.record(detectedAfter);
    }
  }

  public void outcome(String outcome) {
    Counter.builder("shipshape.monitor.windows.closed")
        .description("Windows closed, by outcome")
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  /** Refreshes the open-window gauge from the database (all replicas see the same number). */
  public void refreshOpen(WatchWindowRepository windows) {
    open.set(
        QuarkusTransaction.requiringNew()
            .call(() -> windows.count("status", WatchWindow.Status.OPEN)));
  }
}
