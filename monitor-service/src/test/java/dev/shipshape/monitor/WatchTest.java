package dev.shipshape.monitor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.RestartPolicy;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.MonitorHealth;
import dev.shipshape.common.event.Payloads.ReleaseVerified;
import dev.shipshape.common.event.Payloads.RollbackDone;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.event.Payloads.RollbackUnresolved;
import dev.shipshape.common.event.Payloads.RollbackVerified;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.probe.GoldenCheck;
import dev.shipshape.common.probe.GoldenRequest;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.monitor.config.MonitorSettings;
import dev.shipshape.monitor.persistence.Incident;
import dev.shipshape.monitor.persistence.IncidentRepository;
import dev.shipshape.monitor.persistence.WatchWindowRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Watching windows against real containers on the real hosts (each reached only at its address: its
 * engine API and its agent, which runs the HTTP probes), with images that are healthy, never
 * healthy, log errors or crash: each criterion triggers exactly one rollback; a clean window
 * verifies the release; a rollback is verified only when the symptom stops. Health, crashes and
 * clean windows are checked on every host.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "monitor"))
@WithTestResource(
    value = HostAgentsResource.class,
    initArgs = @ResourceArg(name = "hosts", value = "1,2,3"))
class WatchTest {
  static final Duration BOUND = WatchedHosts.BOUND;

  @Inject WatchWindowRepository windows;
  @Inject IncidentRepository incidents;
  @Inject MonitorSettings settings;
  WatchedHosts hosts;
  KafkaProbe kafka;
  String stack;

  @BeforeEach
  void setUp() {
    hosts = new WatchedHosts("w");
    kafka = hosts.kafka;
    stack = hosts.stack;
  }

  @AfterEach
  void tearDown() throws Exception {
    hosts.close();
  }

  /** Runs the service's container on host-1 as the deployer would leave it. */
  private String run(String image, String window) {
    return run(image, window, ":8080/version", null);
  }

  private String run(String image, String window, String probe, RestartPolicy restart) {
    return hosts.run(1, image, window, probe, restart);
  }

  private String deployed(String image, String window) {
    return hosts.deployed(1, image, window);
  }

  private String announce(String image, String digest) {
    return hosts.announce(1, image, digest);
  }

  private void publish(EventEnvelope<? extends Payload> event) {
    hosts.publish(event);
  }

  private <P extends Payload> P awaitEvent(String topic, String updateId) {
    return hosts.awaitEvent(topic, updateId);
  }

  private long eventsFor(String topic, String updateId) {
    return hosts.eventsFor(topic, updateId);
  }

  private String windowStatus(String updateId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                windows
                    .find("updateId = ?1 order by openedAt desc", updateId)
                    .firstResult()
                    .status
                    .name());
  }

  private RollbackTriggered triggered(String updateId) {
    ConsumerRecord<String, String> r =
        kafka.await(
            Topics.ROLLBACK_TRIGGERED,
            x -> x.value().contains("\"updateId\":\"" + updateId + "\""),
            BOUND);
    EventEnvelope<RollbackTriggered> event =
        EventCodec.decode(Topics.ROLLBACK_TRIGGERED, r.value());
    RollbackTriggered t = event.payload();
    await().atMost(BOUND).until(() -> windowStatus(updateId).equals("BREACHED"));
    // The monitor hears its own rollback too; it must not open a second incident for it.
    await().atMost(BOUND).until(() -> processed(event.eventId()));
    assertEquals(
        1, eventsFor(Topics.ROLLBACK_TRIGGERED, updateId), "exactly one rollback per breach");
    assertEquals(1L, incidentsFor(updateId), "exactly one incident per breach");
    assertEquals("sha256:previous", t.targetDigest());
    assertFalse(t.manual());
    return t;
  }

  private boolean processed(String eventId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                ((Number)
                            incidents
                                .getEntityManager()
                                .createNativeQuery(
                                    "SELECT count(*) FROM processed_event WHERE event_id = ?1")
                                .setParameter(1, eventId)
                                .getSingleResult())
                        .longValue()
                    > 0);
  }

  private long incidentsFor(String updateId) {
    return QuarkusTransaction.requiringNew().call(() -> incidents.count("updateId", updateId));
  }

  private Incident incidentOf(String updateId) {
    return QuarkusTransaction.requiringNew()
        .call(() -> incidents.find("updateId", updateId).firstResult());
  }

  @ParameterizedTest(name = "on host-{0}")
  @ValueSource(ints = {1, 2, 3})
  void aCleanWindowMakesTheReleaseKnownGoodAndEveryCheckIsAHealthEvent(int host) {
    String updateId = hosts.deployed(host, "localhost/shipshape/httpd:1.0.0", "4s");

    ReleaseVerified verified = awaitEvent(Topics.RELEASE_VERIFIED, updateId);

    assertEquals("agent", verified.service());
    assertEquals("VERIFIED", windowStatus(updateId));
    assertEquals(0, eventsFor(Topics.ROLLBACK_TRIGGERED, updateId));
    MonitorHealth health = awaitEvent(Topics.MONITOR_HEALTH, updateId);
    assertEquals(WatchedHosts.hostId(host), health.host());
    int checks =
        QuarkusTransaction.requiringNew()
            .call(() -> windows.find("updateId", updateId).firstResult().checks);
    assertTrue(checks >= 2, "checked every interval: " + checks);
    // Health events go straight to Kafka after each decision, release.verified through the outbox.
    await().atMost(BOUND).until(() -> eventsFor(Topics.MONITOR_HEALTH, updateId) >= checks);
    assertEquals(checks, eventsFor(Topics.MONITOR_HEALTH, updateId), "one health event per check");
    assertNotNull(
        awaitLatency(updateId), "the probe's latency percentiles are reported (by the agent)");
    List<MonitorHealth> healths =
        kafka.all(Topics.MONITOR_HEALTH).stream()
            .filter(r -> r.value().contains(updateId))
            .map(r -> EventCodec.<MonitorHealth>decode(Topics.MONITOR_HEALTH, r.value()).payload())
            .toList();
    assertTrue(
        healths.stream().allMatch(c -> c.memoryBytes() != null && c.memoryBytes() > 0),
        "every check reads memory from the engine's stats");
    assertTrue(
        healths.stream().anyMatch(c -> c.cpuPercent() != null && c.cpuPercent() >= 0),
        "CPU use is reported from the second check on");
    assertEquals(Boolean.FALSE, healths.get(0).oomKilled());
  }

  private Object awaitLatency(String updateId) {
    return kafka.all(Topics.MONITOR_HEALTH).stream()
        .filter(r -> r.value().contains(updateId) && r.value().contains("\"p99\""))
        .findFirst()
        .orElse(null);
  }

  @ParameterizedTest(name = "on host-{0}")
  @ValueSource(ints = {1, 2, 3})
  void anUnhealthyReleaseTriggersExactlyOneRollbackToThePreviousDigest(int host) {
    String updateId = hosts.deployed(host, "localhost/shipshape/httpd-never-healthy:1.0.0", "60s");
    RollbackTriggered t = triggered(updateId);
    assertEquals("unhealthy", t.criterion());
    // The probe answers; the evidence is the engine's own health check, which asks for /missing.
    assertTrue(t.evidence().contains("404"), t.evidence());
    Incident incident =
        QuarkusTransaction.requiringNew()
            .call(() -> incidents.find("updateId", updateId).firstResult());
    assertEquals("unhealthy", incident.criterion);
    assertEquals("sha256:previous", incident.toDigest);
    assertNotNull(incident.detectionMillis);
  }

  /** {@code tick=250ms} once fell back to 500 ms unnoticed; the Watcher uses what is read here. */
  @Test
  void theTestProfilesTickIsReadAsWritten() {
    assertEquals(Duration.ofMillis(250), settings.tick());
  }

  @Test
  void errorLinesAboveTheThresholdTriggerARollback() {
    RollbackTriggered t = triggered(deployed("localhost/shipshape/httpd-noisy:1.0.0", "60s"));
    assertEquals("error-rate", t.criterion());
    assertTrue(t.evidence().contains("ERROR: request failed"), t.evidence());
  }

  @ParameterizedTest(name = "on host-{0}")
  @ValueSource(ints = {1, 2, 3})
  void aContainerThatExitsTriggersARollback(int host) {
    RollbackTriggered t =
        triggered(hosts.deployed(host, "localhost/shipshape/httpd-crash:1.0.0", "60s"));
    assertEquals("container-exited", t.criterion());
    assertTrue(t.evidence().contains("code 1"), t.evidence());
  }

  @Test
  void aProbeThatFailsOnItsHostTriggersARollback() {
    String image = "localhost/shipshape/httpd:1.0.0";
    RollbackTriggered t =
        triggered(hosts.announce(3, image, hosts.run(3, image, "60s", ":8080/missing", null)));
    assertEquals("unhealthy", t.criterion());
    assertTrue(
        t.evidence().contains("probe :8080/missing on test-host-3 answered 404"), t.evidence());
  }

  @Test
  void aHealthyReleaseThatAnswersWronglyTriggersARollbackOnItsGoldenRequest() {
    String image = "localhost/shipshape/httpd:1.0.0";
    String golden =
        GoldenCheck.toLabel(
            List.of(
                GoldenRequest.of(
                    "version", "GET", ":8080/version", null, null, null, null, "1.1.0")));
    RollbackTriggered t =
        triggered(
            announce(
                image,
                hosts.run(1, image, "60s", ":8080/version", null, Map.of(Labels.GOLDEN, golden))));
    assertEquals("golden-request", t.criterion());
    assertTrue(
        t.evidence()
            .contains(
                "golden request version (GET :8080/version) expected status 200, the body"
                    + " containing \"1.1.0\"; answered 200 1.0.0"),
        t.evidence());
  }

  @Test
  void aServicesOwnDatabaseErrorPatternMakesItsLinesTheDbConnectionCriterion() {
    // The noisy image logs "ERROR: request failed: upstream timeout" every second; declared as
    // this service's database-connection wording, the lines breach db-connection, not error-rate.
    String image = "localhost/shipshape/httpd-noisy:1.0.0";
    RollbackTriggered t =
        triggered(
            announce(
                image,
                hosts.run(
                    1,
                    image,
                    "60s",
                    ":8080/version",
                    null,
                    Map.of(Labels.DB_ERRORS, "request failed: upstream"))));
    assertEquals("db-connection", t.criterion());
    assertTrue(t.evidence().contains("database-connection error lines"), t.evidence());
    assertTrue(t.evidence().contains("ERROR: request failed"), t.evidence());
  }

  @Test
  void aReleaseThatSlowsDownTriggersExactlyOneRollbackOnItsProbeP99() {
    String image = "localhost/shipshape/httpd-slow:1.0.0";
    RollbackTriggered t =
        triggered(announce(image, run(image, "60s", ":8080/cgi-bin/version", null)));
    assertEquals("latency", t.criterion());
    assertTrue(t.evidence().contains("over the SLA of 800 ms"), t.evidence());
  }

  @Test
  void aContainerThatTheEngineRestartsTriggersARollback() {
    String image = "localhost/shipshape/httpd-crash:1.0.0";
    RollbackTriggered t =
        triggered(
            announce(
                image, run(image, "60s", ":8080/version", RestartPolicy.onFailureRestart(10))));
    assertEquals("restart", t.criterion());
  }

  @Test
  void aRollbackIsVerifiedOnlyOnceTheSymptomHasStopped() {
    String updateId = deployed("localhost/shipshape/httpd-never-healthy:1.0.0", "60s");
    triggered(updateId);
    // The deployer puts the known-good version back, then reports.
    String good = run("localhost/shipshape/httpd:1.0.0", "60s");
    publish(
        EventEnvelope.of(
            updateId,
            stack,
            "test-host-1",
            RollbackDone.of(stack, "test-host-1", "agent", "sha256:bad", good, Map.of(), null)));

    RollbackVerified verified = awaitEvent(Topics.ROLLBACK_VERIFIED, updateId);

    assertEquals("unhealthy", verified.criterion());
    Incident incident =
        QuarkusTransaction.requiringNew()
            .call(() -> incidents.find("updateId", updateId).firstResult());
    assertEquals(Boolean.TRUE, incident.verified);
    assertNotNull(incident.rollbackMillis);
  }

  @Test
  void aDeployHeardOnlyAfterItsWindowWouldHaveEndedIsNotJudged() {
    String updateId = UUID.randomUUID().toString();
    DeployDone done =
        DeployDone.of(
            stack,
            "test-host-1",
            "agent",
            "localhost/shipshape/httpd:0.9.0",
            "sha256:previous",
            "localhost/shipshape/httpd:1.0.0",
            "sha256:gone",
            List.of(),
            Map.of(),
            null);
    EventEnvelope<DeployDone> fresh = EventEnvelope.of(updateId, stack, "test-host-1", done);
    // Its container is long gone: judging it now would roll back a release nobody runs.
    publish(
        new EventEnvelope<>(
            fresh.eventId(),
            fresh.type(),
            updateId,
            stack,
            "test-host-1",
            Instant.now().minus(Duration.ofHours(1)),
            fresh.schemaVersion(),
            done));
    await()
        .atMost(BOUND)
        .until(
            () ->
                QuarkusTransaction.requiringNew()
                    .call(() -> windows.count("updateId", updateId) > 0));
    assertEquals("CLOSED", windowStatus(updateId));
    assertEquals(
        "stale",
        QuarkusTransaction.requiringNew()
            .call(() -> windows.find("updateId", updateId).firstResult().criterion));
    assertEquals(0, eventsFor(Topics.ROLLBACK_TRIGGERED, updateId));
  }

  @Test
  void aManualRollbackOpensAnIncidentAndIsVerifiedLikeAnAutomaticOne() {
    String updateId = deployed("localhost/shipshape/httpd:1.1.0", "60s");
    await().atMost(BOUND).until(() -> eventsFor(Topics.MONITOR_HEALTH, updateId) > 0);
    publish(
        EventEnvelope.of(
            updateId,
            stack,
            "test-host-1",
            RollbackTriggered.byOperator(
                stack,
                "test-host-1",
                "agent",
                "customers report slow checkouts",
                "localhost/shipshape/httpd:1.0.0",
                "sha256:previous",
                "alice")));
    await().atMost(BOUND).until(() -> incidentsFor(updateId) == 1);
    Incident incident = incidentOf(updateId);
    assertEquals("manual", incident.detectedBy);
    assertEquals("alice", incident.requestedBy);
    assertEquals("customers report slow checkouts", incident.evidence);
    await().atMost(BOUND).until(() -> windowStatus(updateId).equals("CLOSED"));

    String good = run("localhost/shipshape/httpd:1.0.0", "60s");
    publish(
        EventEnvelope.of(
            updateId,
            stack,
            "test-host-1",
            RollbackDone.of(stack, "test-host-1", "agent", "sha256:bad", good, Map.of(), null)));

    RollbackVerified verified = awaitEvent(Topics.ROLLBACK_VERIFIED, updateId);
    assertEquals("manual", verified.criterion());
    assertEquals(Boolean.TRUE, incidentOf(updateId).verified);
    assertEquals(1, eventsFor(Topics.ROLLBACK_TRIGGERED, updateId), "the monitor adds none");
  }

  @Test
  void thePlannersCompensationClosesTheWindowWithoutAnIncidentOfItsOwn() {
    String updateId = deployed("localhost/shipshape/httpd:1.1.0", "60s");
    await().atMost(BOUND).until(() -> eventsFor(Topics.MONITOR_HEALTH, updateId) > 0);
    EventEnvelope<RollbackTriggered> undo =
        EventEnvelope.of(
            updateId,
            stack,
            "test-host-1",
            RollbackTriggered.compensation(
                stack,
                "test-host-1",
                "agent",
                "undo of update " + updateId,
                "localhost/shipshape/httpd:1.0.0",
                "sha256:previous",
                "shipshape-planner"));
    publish(undo);
    await().atMost(BOUND).until(() -> windowStatus(updateId).equals("CLOSED"));
    await().atMost(BOUND).until(() -> processed(undo.eventId()));
    assertEquals(0L, incidentsFor(updateId), "the incident is the one that caused the undo");
    assertEquals(1, eventsFor(Topics.ROLLBACK_TRIGGERED, updateId), "the monitor adds none");
  }

  @Test
  void aRollbackThatDoesNotStopTheSymptomIsReportedUnresolved() {
    String updateId = deployed("localhost/shipshape/httpd-crash:1.0.0", "60s");
    triggered(updateId);
    // The "previous" version crashes too: the deploy was not the cause.
    String stillBad = run("localhost/shipshape/httpd-crash:1.0.0", "60s");
    publish(
        EventEnvelope.of(
            updateId,
            stack,
            "test-host-1",
            RollbackDone.of(
                stack, "test-host-1", "agent", "sha256:bad", stillBad, Map.of(), null)));

    RollbackUnresolved unresolved = awaitEvent(Topics.ROLLBACK_UNRESOLVED, updateId);

    assertEquals("container-exited", unresolved.criterion());
    Incident incident =
        QuarkusTransaction.requiringNew()
            .call(() -> incidents.find("updateId", updateId).firstResult());
    assertEquals(Boolean.FALSE, incident.verified);
  }
}
