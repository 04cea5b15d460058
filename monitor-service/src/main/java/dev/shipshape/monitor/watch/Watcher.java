package dev.shipshape.monitor.watch;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payloads.MonitorHealth;
import dev.shipshape.common.job.DaemonThreads;
import dev.shipshape.common.persistence.DatabaseFailures;
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
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.jboss.logging.Logger;

/**
 * Checks every open window when it is due and has {@link WindowRules} decide: a breach of a deploy
 * window triggers one rollback and opens an incident; a clean deploy window makes the release
 * known-good; a rollback's confirmation window verifies the rollback or reports it unresolved. Each
 * check is also a {@code monitor.health} event, sent once its decision has committed. Decisions and
 * their events commit together.
 *
 * <p>Over 300 lines since the dependants' check joined: the check threads, the one decision thread
 * and its batched commit share the in-flight set and the queue. The next change here should move
 * the decision thread (decideLoop to commit) into a class of its own.
 */
@ApplicationScoped
public class Watcher {
  private static final Logger LOG = Logger.getLogger(Watcher.class);

  private final WatchWindowRepository windows;
  private final ServiceChecker checker;
  private final Dependants dependants;
  private final Windows opener;
  private final Verdicts verdicts;
  private final HealthEvents health;
  private final MonitorSettings settings;
  private final Criteria.Thresholds thresholds;
  private final WatchMetrics metrics;
  private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
  private final Map<String, Duration> intervals = new ConcurrentHashMap<>();
  private final Set<String> checking = ConcurrentHashMap.newKeySet();
  private final BlockingQueue<Checked> checked = new LinkedBlockingQueue<>();
  private static final int DECIDE_BATCH = 64;
  private final ExecutorService pool;
  private final ExecutorService decider =
      Executors.newSingleThreadExecutor(DaemonThreads.named("monitor-decide"));
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("monitor-tick"));

  public Watcher(
      WatchWindowRepository windows,
      ServiceChecker checker,
      Windows opener,
      Verdicts verdicts,
      HealthEvents health,
      WatchMetrics metrics,
      MonitorSettings settings,
      Dependants dependants) {
    this.dependants = dependants;
    this.windows = windows;
    this.checker = checker;
    this.opener = opener;
    this.verdicts = verdicts;
    this.health = health;
    this.metrics = metrics;
    this.pool =
        Executors.newFixedThreadPool(
            settings.parallelChecks(), DaemonThreads.named("monitor-check"));
    this.settings = settings;
    this.thresholds =
        new Criteria.Thresholds(
            settings.unhealthyChecks(),
            settings.errorLinesPerMinute(),
            3,
            settings.databaseErrorLinesPerMinute(),
            settings.minimumDatabaseErrorLines(),
            settings.p99Sla(),
            5);
  }

  /**
   * Looks for due windows every {@code tick} on a thread of its own: Quarkus' simple scheduler
   * cannot run more often than once a second, which would add up to a second to every detection.
   */
  void start(@Observes StartupEvent event) {
    Duration every = settings.tick();
    if (every.isZero() || every.isNegative()) {
      // The executor would refuse it too, but with no word of which setting is wrong.
      throw new IllegalStateException(
          "shipshape.monitor.tick must be longer than zero, not " + every);
    }
    LOG.infof("looking for due windows every %s", every);
    ticker.scheduleWithFixedDelay(
        this::tickQuietly, every.toNanos(), every.toNanos(), TimeUnit.NANOSECONDS);
    decider.execute(this::decideLoop);
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
    // The tick does not wait for them: a slow check holds only its own window, never the next
    // round of the others. A window still being checked is not queued a second time.
    for (WatchWindow w : due) {
      if (checking.add(w.eventId)) {
        try {
          pool.execute(() -> checkOne(w));
        } catch (RejectedExecutionException e) {
          checking.remove(w.eventId); // shutting down
          return;
        }
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
      Optional<Criteria.Breach> dependants = this.dependants.breach(w, sampledAt, thresholds);
      Duration took = Duration.ofNanos(System.nanoTime() - t0);
      Duration interval =
          intervals.computeIfAbsent(w.eventId, k -> opener.interval(w.host, w.stack, w.service));
      checked.add(new Checked(w, sample, sampledAt, interval, took, dependants));
    } catch (RuntimeException e) {
      checking.remove(w.eventId);
      LOG.warnf(
          "update %s: check of %s on %s failed, will retry: %s",
          w.updateId, w.service, w.host, e.getMessage());
    }
  }

  /** One check's sample (and its dependants' breach, if one), waiting for its decision. */
  private record Checked(
      WatchWindow window,
      Sample sample,
      Instant sampledAt,
      Duration interval,
      Duration took,
      Optional<Criteria.Breach> dependants) {}

  /**
   * Decides the checks as they come, all that are waiting in one transaction: with hundreds of
   * watched services a transaction (and a read) per check cost more than the checks themselves. The
   * health events go out once their decisions have committed.
   */
  private void decideLoop() {
    List<Checked> batch = new ArrayList<>();
    while (!Thread.currentThread().isInterrupted()) {
      try {
        batch.add(checked.take());
      } catch (InterruptedException e) {
        return;
      }
      checked.drainTo(batch, DECIDE_BATCH - 1);
      try {
        decideAll(batch);
      } catch (RuntimeException e) {
        // The decider must outlive any one round: its windows are checked again next time.
        LOG.errorf(e, "deciding %d check(s) failed, will retry", batch.size());
      } finally {
        batch.forEach(c -> checking.remove(c.window().eventId));
        batch.clear();
      }
    }
  }

  private void decideAll(List<Checked> batch) {
    for (Checked c : batch) {
      Double ms = c.sample().probeMillis();
      if (ms != null && ms >= 0) {
        // Into the histogram once, before any decision is tried (a retry must not count it twice).
        latency(c.window().eventId).recordValue(Math.max(1, Math.min(60_000, Math.round(ms))));
      }
    }
    commit(batch);
  }

  private void commit(List<Checked> batch) {
    List<Runnable> afterCommit;
    try {
      afterCommit = QuarkusTransaction.requiringNew().call(() -> decide(batch));
    } catch (RuntimeException e) {
      if (batch.size() == 1 || DatabaseFailures.unavailable(e)) {
        // Not decided: the windows stay due and are checked again at the next tick.
        Checked c = batch.get(0);
        LOG.warnf(
            "update %s: deciding %d check(s), the first of %s on %s, failed, will retry: %s",
            c.window().updateId, batch.size(), c.window().service, c.window().host, e.getMessage());
        return;
      }
      // One decision that cannot commit must not hold back the others: decide them one by one.
      for (Checked c : batch) {
        commit(List.of(c));
      }
      return;
    }
    afterCommit.forEach(Runnable::run);
  }

  private Histogram latency(String windowId) {
    return latencies.computeIfAbsent(windowId, k -> new Histogram(60_000, 3));
  }

  void stop(@Observes ShutdownEvent event) {
    ticker.shutdownNow();
    pool.shutdownNow();
    decider.shutdownNow();
  }

  /**
   * Decides checks in the caller's transaction; returns what to do once it has committed (send the
   * health events, count the metrics), so a decision rolled back leaves no trace outside it.
   */
  private List<Runnable> decide(List<Checked> batch) {
    Map<String, WatchWindow> current =
        windows.byIds(batch.stream().map(c -> c.window().eventId).toList());
    List<Runnable> afterCommit = new ArrayList<>();
    for (Checked c : batch) {
      WatchWindow w = current.get(c.window().eventId);
      // A tick that read the window just before its previous check was decided queues it again
      // with that round's state: such a sample is dropped, so checks stay an interval apart and
      // no log line counts twice.
      if (w != null && w.status == WatchWindow.Status.OPEN && w.checks == c.window().checks) {
        decide(w, c, afterCommit);
      }
    }
    return afterCommit;
  }

  private void decide(WatchWindow w, Checked c, List<Runnable> afterCommit) {
    Sample sample = c.sample();
    Instant now = Instant.now();
    Histogram h = latency(w.eventId);
    boolean probed = sample.probeMillis() != null && sample.probeMillis() >= 0;
    WindowRules.Decision d =
        WindowRules.decide(
            w,
            sample,
            c.sampledAt(),
            now,
            c.interval(),
            probed
                ? new WindowRules.Latency(
                    (double) h.getValueAtPercentile(50),
                    (double) h.getValueAtPercentile(95),
                    (double) h.getValueAtPercentile(99),
                    h.getTotalCount())
                : null,
            h.getTotalCount(),
            thresholds,
            c.dependants());
    EventEnvelope<MonitorHealth> event = health.of(w, sample, d.breach(), h);
    String kind = w.kind.name();
    String id = w.eventId;
    afterCommit.add(() -> health.send(event));
    afterCommit.add(
        () -> metrics.checked(kind, event.payload().verdict(), c.took(), sample.probeMillis()));
    if (d.next() != WindowRules.Next.CHECK_AGAIN) {
      String criterion = w.criterion;
      String outcome = kind.toLowerCase() + (d.breach().isPresent() ? "-breached" : "-verified");
      afterCommit.add(() -> forget(id));
      d.breach().ifPresent(b -> afterCommit.add(() -> metrics.breached(kind, criterion)));
      afterCommit.add(() -> metrics.outcome(outcome));
    }
    switch (d.next()) {
      case TRIGGER_ROLLBACK -> {
        Duration detectedAfter = Duration.between(w.openedAt, now);
        afterCommit.add(() -> metrics.rollback(false, detectedAfter));
        verdicts.triggerRollback(w, now);
      }
      case ROLLBACK_UNRESOLVED -> {
        afterCommit.add(() -> metrics.outcome("rollback-unresolved"));
        verdicts.unresolved(w, now);
      }
      case RELEASE_VERIFIED -> verdicts.releaseVerified(w);
      case ROLLBACK_VERIFIED -> verdicts.rollbackVerified(w, now);
      case CHECK_AGAIN -> {}
    }
  }

  private void forget(String windowId) {
    latencies.remove(windowId);
    intervals.remove(windowId);
  }
}
