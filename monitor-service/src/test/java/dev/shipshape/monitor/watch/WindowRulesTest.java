package dev.shipshape.monitor.watch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shipshape.monitor.persistence.WatchWindow;
import dev.shipshape.monitor.watch.WindowRules.Latency;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transition of a watch window, without an engine, a database or a broker: a table of
 * (window, sample) → (what follows, the window's status, criterion and counters). A window opened
 * at {@link #OPENED} runs 60 s and is checked every 5 s; thresholds: unhealthy on more than 2
 * consecutive checks, more than 10 error lines a minute (at least 3), more than 2
 * database-connection error lines a minute (at least 3), p99 over 500 ms (at least 5 probes); a
 * golden request answered wrongly breaches at once.
 */
class WindowRulesTest {
  static final Instant OPENED = Instant.parse("2026-01-01T12:00:00Z");
  static final Instant MID = OPENED.plusSeconds(30);
  static final Instant END = OPENED.plusSeconds(60);
  static final Duration INTERVAL = Duration.ofSeconds(5);
  static final Criteria.Thresholds T =
      new Criteria.Thresholds(2, 10, 3, 2, 3, Duration.ofMillis(500), 5);

  /** One row: the window, the sample, when the check began and was decided, the probe figures. */
  record Row(
      WatchWindow.Kind kind,
      UnaryOperator<WatchWindow> given,
      Sample sample,
      Instant sampledAt,
      Instant now,
      Latency latency,
      String expected) {
    @Override
    public String toString() {
      return expected;
    }
  }

  static Stream<Arguments> transitions() {
    return Stream.of(
        // clean checks: the window goes on at a fixed rate, and ends verified
        row(WatchWindow.Kind.DEPLOY, w -> w, healthy(), MID, MID, "CHECK_AGAIN OPEN next=+35s"),
        row( // a slow check does not push the next one past now
            WatchWindow.Kind.DEPLOY,
            w -> at(w, OPENED),
            healthy(),
            MID,
            MID,
            "CHECK_AGAIN OPEN next=+30s"),
        row(WatchWindow.Kind.DEPLOY, w -> w, healthy(), END, END, "RELEASE_VERIFIED VERIFIED"),
        row( // begun before the end: it may have missed the window's last seconds
            WatchWindow.Kind.DEPLOY,
            w -> w,
            healthy(),
            END.minusSeconds(1),
            END.plusSeconds(1),
            "CHECK_AGAIN OPEN next=+61s"),
        row(WatchWindow.Kind.ROLLBACK, w -> w, healthy(), END, END, "ROLLBACK_VERIFIED VERIFIED"),
        // breaches: a deploy window rolls back, a rollback's window is unresolved
        row(
            WatchWindow.Kind.DEPLOY,
            w -> w,
            Sample.missing(),
            MID,
            MID,
            "TRIGGER_ROLLBACK BREACHED container-missing"),
        row(
            WatchWindow.Kind.ROLLBACK,
            w -> w,
            Sample.missing(),
            MID,
            MID,
            "ROLLBACK_UNRESOLVED UNRESOLVED container-missing"),
        row( // a breach in the last sample wins over the clean end
            WatchWindow.Kind.DEPLOY,
            w -> w,
            exited(),
            END,
            END,
            "TRIGGER_ROLLBACK BREACHED container-exited"),
        // consecutive unhealthy checks: more than the threshold breaches, a healthy one resets
        row(
            WatchWindow.Kind.DEPLOY,
            w -> unhealthyFor(w, 1),
            unhealthy(),
            MID,
            MID,
            "CHECK_AGAIN OPEN next=+35s unhealthy=2"),
        row(
            WatchWindow.Kind.DEPLOY,
            w -> unhealthyFor(w, 2),
            unhealthy(),
            MID,
            MID,
            "TRIGGER_ROLLBACK BREACHED unhealthy unhealthy=3"),
        row(
            WatchWindow.Kind.DEPLOY,
            w -> unhealthyFor(w, 2),
            healthy(),
            MID,
            MID,
            "CHECK_AGAIN OPEN next=+35s"),
        // restarts: the first check sets the baseline, any restart after it breaches
        row(
            WatchWindow.Kind.DEPLOY,
            w -> noBaseline(w),
            restarted(4),
            MID,
            MID,
            "CHECK_AGAIN OPEN next=+35s"),
        row(
            WatchWindow.Kind.DEPLOY,
            w -> baseline(w, 4),
            restarted(5),
            MID,
            MID,
            "TRIGGER_ROLLBACK BREACHED restart"),
        // error lines add up over the window
        row(
            WatchWindow.Kind.DEPLOY,
            w -> w,
            errors(2),
            MID,
            MID,
            "CHECK_AGAIN OPEN next=+35s errors=2"),
        row(
            WatchWindow.Kind.DEPLOY,
            w -> errorsSoFar(w, 4),
            errors(2),
            OPENED.plusSeconds(20),
            OPENED.plusSeconds(20),
            "TRIGGER_ROLLBACK BREACHED error-rate errors=6"),
        // database-connection errors: their own counter and criterion, not the error count's
        row(
            WatchWindow.Kind.DEPLOY,
            w -> w,
            dbErrors(2),
            MID,
            MID,
            "CHECK_AGAIN OPEN next=+35s db=2"),
        row( // 3 in 20 s is 9/min: over 2/min once there are at least 3
            WatchWindow.Kind.DEPLOY,
            w -> dbErrorsSoFar(w, 1),
            dbErrors(2),
            OPENED.plusSeconds(20),
            OPENED.plusSeconds(20),
            "TRIGGER_ROLLBACK BREACHED db-connection db=3"),
        row( // 3 in a minute is 3/min: over 2/min at the window's end too
            WatchWindow.Kind.ROLLBACK,
            w -> dbErrorsSoFar(w, 2),
            dbErrors(1),
            END,
            END,
            "ROLLBACK_UNRESOLVED UNRESOLVED db-connection db=3"),
        row( // 4 over 2.5 minutes is 1.6/min: under the threshold
            WatchWindow.Kind.DEPLOY,
            w -> dbErrorsSoFar(w, 3),
            dbErrors(1),
            OPENED.plusSeconds(150),
            OPENED.plusSeconds(150),
            "RELEASE_VERIFIED VERIFIED db=4"),
        row( // db errors no longer add to the error count: 2 error lines stay 2
            WatchWindow.Kind.DEPLOY,
            w -> errorsSoFar(w, 2),
            dbErrors(2),
            MID,
            MID,
            "CHECK_AGAIN OPEN next=+35s errors=2 db=2"),
        // golden requests: a wrong answer breaches at once, no answer is an unhealthy check
        row(
            WatchWindow.Kind.DEPLOY,
            w -> w,
            goldenWrong(),
            MID,
            MID,
            "TRIGGER_ROLLBACK BREACHED golden-request"),
        row(
            WatchWindow.Kind.ROLLBACK,
            w -> w,
            goldenWrong(),
            MID,
            MID,
            "ROLLBACK_UNRESOLVED UNRESOLVED golden-request"),
        row(
            WatchWindow.Kind.DEPLOY,
            w -> w,
            goldenUnanswered(),
            MID,
            MID,
            "CHECK_AGAIN OPEN next=+35s unhealthy=1"),
        row(
            WatchWindow.Kind.DEPLOY,
            w -> unhealthyFor(w, 2),
            goldenUnanswered(),
            MID,
            MID,
            "TRIGGER_ROLLBACK BREACHED unhealthy unhealthy=3"),
        // probe latency: the p99 over the SLA once enough probes were seen
        row(
            WatchWindow.Kind.DEPLOY,
            w -> w,
            probed(900),
            MID,
            MID,
            new Latency(800.0, 900.0, 900.0, 4),
            "CHECK_AGAIN OPEN next=+35s"),
        row(
            WatchWindow.Kind.DEPLOY,
            w -> w,
            probed(900),
            MID,
            MID,
            new Latency(800.0, 900.0, 900.0, 5),
            "TRIGGER_ROLLBACK BREACHED latency"),
        row( // a sample without a probe time keeps the figures the window had
            WatchWindow.Kind.DEPLOY,
            w -> p99(w, 100.0),
            healthy(),
            MID,
            MID,
            "CHECK_AGAIN OPEN next=+35s"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("transitions")
  void eachWindowAndSampleLeadToTheirNextStep(Row r) {
    WatchWindow w = r.given().apply(window(r.kind()));
    long probes = r.latency() == null ? 0 : r.latency().probes();
    WindowRules.Decision d =
        WindowRules.decide(
            w,
            r.sample(),
            r.sampledAt(),
            r.now(),
            INTERVAL,
            r.latency(),
            probes,
            T,
            Optional.empty());
    assertEquals(r.expected(), render(d, w));
    assertEquals(1, w.checks);
  }

  /** A breach on a service that depends on the watched one counts when the service has none. */
  @Test
  void aDependantsBreachDecidesWhenTheServiceItselfIsClean() {
    Optional<Criteria.Breach> onAgent =
        Optional.of(
            new Criteria.Breach(
                "db-connection",
                "on agent, which depends on db: 6 database-connection error lines"));
    WatchWindow deploy = window(WatchWindow.Kind.DEPLOY);
    WindowRules.Decision d =
        WindowRules.decide(deploy, healthy(), MID, MID, INTERVAL, null, 0, T, onAgent);
    assertEquals("TRIGGER_ROLLBACK BREACHED db-connection", render(d, deploy));
    assertEquals(
        "on agent, which depends on db: 6 database-connection error lines", deploy.evidence);

    WatchWindow rollback = window(WatchWindow.Kind.ROLLBACK);
    d = WindowRules.decide(rollback, healthy(), END, END, INTERVAL, null, 0, T, onAgent);
    assertEquals("ROLLBACK_UNRESOLVED UNRESOLVED db-connection", render(d, rollback));

    // The service's own breach comes first.
    WatchWindow both = window(WatchWindow.Kind.DEPLOY);
    d = WindowRules.decide(both, Sample.missing(), MID, MID, INTERVAL, null, 0, T, onAgent);
    assertEquals("TRIGGER_ROLLBACK BREACHED container-missing", render(d, both));

    // None: the window goes on.
    WatchWindow clean = window(WatchWindow.Kind.DEPLOY);
    d = WindowRules.decide(clean, healthy(), MID, MID, INTERVAL, null, 0, T, Optional.empty());
    assertEquals("CHECK_AGAIN OPEN next=+35s", render(d, clean));
  }

  @Test
  void aDependantIsJudgedOnItsExitItsGoldenRequestsAndItsDatabaseErrors() {
    Duration elapsed = Duration.ofSeconds(20);
    assertEquals(
        Optional.empty(),
        Criteria.dependant("db", "agent", Sample.missing(), elapsed, T),
        "a dependant that does not run on the host is not judged");
    assertEquals(Optional.empty(), Criteria.dependant("db", "agent", healthy(), elapsed, T));
    Criteria.Breach exited = Criteria.dependant("db", "agent", exited(), elapsed, T).orElseThrow();
    assertEquals("container-exited", exited.criterion());
    assertEquals("on agent, which depends on db: container exited with code 1", exited.evidence());
    Criteria.Breach golden =
        Criteria.dependant("db", "agent", goldenWrong(), elapsed, T).orElseThrow();
    assertEquals("golden-request", golden.criterion());
    assertEquals(
        "on agent, which depends on db: golden request capital (POST :8080/ask)",
        golden.evidence().substring(0, 70));
    assertEquals(
        Optional.empty(),
        Criteria.dependant("db", "agent", dbErrors(2), elapsed, T),
        "fewer than the minimum");
    Criteria.Breach db = Criteria.dependant("db", "agent", dbErrors(3), elapsed, T).orElseThrow();
    assertEquals("db-connection", db.criterion());
    assertEquals(
        "on agent, which depends on db: 3 database-connection error lines in 20s (9.0/min,"
            + " threshold 2.0/min); last: psycopg.OperationalError: connection failed: Connection"
            + " refused",
        db.evidence());
    assertEquals(
        Optional.empty(),
        Criteria.dependant("db", "agent", dbErrors(3), Duration.ofMinutes(2), T),
        "1.5/min is under the threshold");
  }

  static Arguments row(
      WatchWindow.Kind kind,
      UnaryOperator<WatchWindow> given,
      Sample sample,
      Instant sampledAt,
      Instant now,
      String expected) {
    return row(kind, given, sample, sampledAt, now, null, expected);
  }

  static Arguments row(
      WatchWindow.Kind kind,
      UnaryOperator<WatchWindow> given,
      Sample sample,
      Instant sampledAt,
      Instant now,
      Latency latency,
      String expected) {
    return Arguments.of(new Row(kind, given, sample, sampledAt, now, latency, expected));
  }

  static String render(WindowRules.Decision d, WatchWindow w) {
    StringBuilder b = new StringBuilder(d.next() + " " + w.status);
    if (w.status != WatchWindow.Status.OPEN && w.criterion != null) {
      b.append(' ').append(w.criterion);
    }
    if (w.status == WatchWindow.Status.OPEN) {
      b.append(" next=+").append(Duration.between(OPENED, w.nextCheckAt).toSeconds()).append('s');
    }
    if (w.consecutiveUnhealthy > 0) {
      b.append(" unhealthy=").append(w.consecutiveUnhealthy);
    }
    if (w.errorLines > 0) {
      b.append(" errors=").append(w.errorLines);
    }
    if (w.databaseErrorLines > 0) {
      b.append(" db=").append(w.databaseErrorLines);
    }
    return b.toString();
  }

  static WatchWindow window(WatchWindow.Kind kind) {
    WatchWindow w = new WatchWindow();
    w.eventId = "e1";
    w.kind = kind;
    w.status = WatchWindow.Status.OPEN;
    w.openedAt = OPENED;
    w.endsAt = END;
    w.nextCheckAt = MID;
    w.restartBaseline = 0;
    return w;
  }

  static WatchWindow at(WatchWindow w, Instant nextCheckAt) {
    w.nextCheckAt = nextCheckAt.minus(INTERVAL);
    return w;
  }

  static WatchWindow unhealthyFor(WatchWindow w, int checks) {
    w.consecutiveUnhealthy = checks;
    return w;
  }

  static WatchWindow noBaseline(WatchWindow w) {
    w.restartBaseline = null;
    return w;
  }

  static WatchWindow baseline(WatchWindow w, int restarts) {
    w.restartBaseline = restarts;
    return w;
  }

  static WatchWindow errorsSoFar(WatchWindow w, int lines) {
    w.errorLines = lines;
    return w;
  }

  static WatchWindow dbErrorsSoFar(WatchWindow w, int lines) {
    w.databaseErrorLines = lines;
    return w;
  }

  static WatchWindow p99(WatchWindow w, double ms) {
    w.latencyP99 = ms;
    return w;
  }

  static Sample healthy() {
    return sample(true, 0, "healthy", null, 0);
  }

  static Sample unhealthy() {
    return sample(true, 0, "unhealthy", null, 0);
  }

  static Sample exited() {
    return sample(false, 0, "none", null, 0);
  }

  static Sample restarted(int count) {
    return sample(true, count, "healthy", null, 0);
  }

  static Sample errors(int lines) {
    return sample(true, 0, "healthy", null, lines);
  }

  static Sample probed(double ms) {
    return sample(true, 0, "healthy", ms, 0);
  }

  static Sample dbErrors(int lines) {
    return sample(true, 0, "healthy", null, 0, lines, null, null);
  }

  static Sample goldenWrong() {
    return sample(
        true,
        0,
        "healthy",
        null,
        0,
        0,
        "golden request capital (POST :8080/ask) expected status 200, $.answer matching /Paris/;"
            + " answered 200 {\"answer\":\"Berlin\"}: $.answer does not match",
        null);
  }

  static Sample goldenUnanswered() {
    return sample(
        true, 0, "healthy", null, 0, 0, null, "golden request capital got no answer: timeout");
  }

  static Sample sample(boolean running, int restarts, String health, Double probe, int errors) {
    return sample(running, restarts, health, probe, errors, 0, null, null);
  }

  static Sample sample(
      boolean running,
      int restarts,
      String health,
      Double probe,
      int errors,
      int dbErrors,
      String goldenFailure,
      String goldenUnanswered) {
    return new Sample(
        true,
        running,
        running ? 0 : 1,
        false,
        restarts,
        "sha256:a",
        health,
        "",
        probe,
        null,
        errors,
        dbErrors,
        errors > 0 ? "ERROR boom" : null,
        null,
        null,
        null,
        null,
        false,
        dbErrors > 0 ? "psycopg.OperationalError: connection failed: Connection refused" : null,
        goldenFailure,
        goldenUnanswered);
  }
}
