package dev.shipshape.monitor.watch;

import dev.shipshape.common.time.Durations;
import dev.shipshape.monitor.config.MonitorSettings;
import dev.shipshape.monitor.persistence.WatchWindow;
import dev.shipshape.monitor.persistence.WatchWindowRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.jboss.logging.Logger;

/**
 * Checks every open window when it is due and decides: a breach of a deploy window triggers one
 * rollback and opens an incident; a clean deploy window makes the release known-good; a rollback's
 * confirmation window verifies the rollback or reports it unresolved. Each check is also a {@code
 * monitor.health} event. Decisions and their events commit together.
 */
@ApplicationScoped
public class Watcher {
  private static final Logger LOG = Logger.getLogger(Watcher.class);

  private final WatchWindowRepository windows;
  private final ServiceChecker checker;
  private final Windows opener;
  private final Verdicts verdicts;
  private final HealthEvents health;
  private final MonitorSettings settings;
  private final Criteria.Thresholds thresholds;
  private final WatchMetrics metrics;
  private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
  private final Map<String, Duration> intervals = new ConcurrentHashMap<>();
  private final ExecutorService pool;
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "monitor-tick");
            t.setDaemon(true);
            return t;
          });

  public Watcher(
      WatchWindowRepository windows,
      ServiceChecker checker,
      Windows opener,
      Verdicts verdicts,
      HealthEvents health,
      WatchMetrics metrics,
      MonitorSettings settings) {
    this.windows = windows;
    this.checker = checker;
    this.opener = opener;
    this.verdicts = verdicts;
    this.health = health;
    this.metrics = metrics;
    this.pool =
        Executors.newFixedThreadPool(
            settings.parallelChecks(),
            r -> {
              Thread t = new Thread(r, "monitor-check");
              t.setDaemon(true);
              return t;
            });
    this.settings = settings;
    this.thresholds =
        new Criteria.Thresholds(
            settings.unhealthyChecks(), settings.errorLinesPerMinute(), 3, settings.p99Sla(), 5);
  }

  /**
   * Looks for due windows every {@code tick} on a thread of its own: Quarkus' simple scheduler
   * cannot run more often than once a second, which would add up to a second to every detection.
   */
  void start(@Observes StartupEvent event) {
    Duration every = Durations.parse(settings.tick(), Duration.ofMillis(500));
    ticker.scheduleWithFixedDelay(
        this::tickQuietly, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tickQuietly() {
    try {
      tick();
    } catch (RuntimeException e) {
      if (!ticker.isShutdown()) {
        LOG.warnf("looking for due windows failed, will retry: %s", e.getMessage());
      }
    }
  }

  void tick() {
    List<WatchWindow> due =
        QuarkusTransaction.requiringNew().call(() -> windows.due(Instant.now()));
    // Checks wait on engines and probes, so they run side by side (bounded), each deciding alone.
    List<Future<?>> running = new ArrayList<>();
    for (WatchWindow w : due) {
      running.add(pool.submit(() -> checkOne(w)));
    }
    for (Future<?> f : running) {
      try {
        f.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (ExecutionException e) {
        LOG.warnf("a check failed: %s", e.getCause());
      }
    }
    if (!due.isEmpty()) {
      metrics.refreshOpen(windows);
    }
  }

  private void checkOne(WatchWindow w) {
    try {
      Instant sampledAt = Instant.now();
      long t0 = System.nanoTime();
      Sample sample = checker.check(w.host, w.stack, w.service, w.logsSince);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      Duration interval =
          intervals.computeIfAbsent(w.eventId, k -> opener.interval(w.host, w.stack, w.service));
      QuarkusTransaction.requiringNew()
          .run(() -> decide(w.eventId, sample, sampledAt, interval, took));
    } catch (RuntimeException e) {
      LOG.warnf(
          "update %s: check of %s on %s failed, will retry: %s",
          w.updateId, w.service, w.host, e.getMessage());
    }
  }

  void stop(@Observes ShutdownEvent event) {
    ticker.shutdownNow();
    pool.shutdownNow();
  }

  private void decide(
      String windowId, Sample sample, Instant sampledAt, Duration interval, Duration took) {
    WatchWindow w = windows.findById(windowId);
    if (w == null || !"OPEN".equals(w.status)) {
      return;
    }
    Instant now = Instant.now();
    w.checks++;
    if (w.restartBaseline == null && sample.found()) {
      w.restartBaseline = sample.restartCount();
    }
    w.consecutiveUnhealthy = sample.unhealthy() ? w.consecutiveUnhealthy + 1 : 0;
    w.errorLines += sample.errorLines() + sample.databaseErrorLines();
    if (sample.lastLogAt() != null) {
      w.logsSince = sample.lastLogAt();
    }
    Histogram h = latencies.computeIfAbsent(w.eventId, k -> new Histogram(60_000, 3));
    if (sample.probeMillis() != null && sample.probeMillis() >= 0) {
      h.recordValue(Math.max(1, Math.min(60_000, Math.round(sample.probeMillis()))));
      w.latencyP50 = (double) h.getValueAtPercentile(50);
      w.latencyP95 = (double) h.getValueAtPercentile(95);
      w.latencyP99 = (double) h.getValueAtPercentile(99);
    }
    Criteria.State state =
        new Criteria.State(
            w.consecutiveUnhealthy,
            w.restartBaseline,
            w.errorLines,
            Duration.between(w.openedAt, now),
            w.latencyP99,
            h.getTotalCount());
    Optional<Criteria.Breach> breach = Criteria.evaluate(state, sample, thresholds);
    String verdict = health.publish(w, sample, breach, h).verdict();
    metrics.checked(w.kind, verdict, took, sample.probeMillis());
    if (breach.isPresent()) {
      w.criterion = breach.get().criterion();
      w.evidence = breach.get().evidence();
      w.closedAt = now;
      forget(w.eventId);
      metrics.breached(w.kind, w.criterion);
      metrics.outcome(w.kind.toLowerCase() + "-breached");
      if (WatchWindow.DEPLOY.equals(w.kind)) {
        w.status = "BREACHED";
        verdicts.triggerRollback(w, now);
      } else {
        w.status = "UNRESOLVED";
        metrics.outcome("rollback-unresolved");
        verdicts.unresolved(w, now);
      }
    } else if (!sampledAt.isBefore(w.endsAt)) {
      // Only a sample taken once the window is over can say the whole window was clean: a slow
      // check that started earlier may have missed a crash in the window's last seconds.
      w.status = "VERIFIED";
      w.closedAt = now;
      forget(w.eventId);
      metrics.outcome(w.kind.toLowerCase() + "-verified");
      if (WatchWindow.DEPLOY.equals(w.kind)) {
        verdicts.releaseVerified(w);
      } else {
        verdicts.rollbackVerified(w, now);
      }
    } else {
      // Fixed rate: the time a check takes does not stretch the interval (and the detection).
      Instant next = w.nextCheckAt.plus(interval);
      w.nextCheckAt = next.isAfter(now) ? next : now;
    }
  }

  private void forget(String windowId) {
    latencies.remove(windowId);
    intervals.remove(windowId);
  }
}
