package dev.shipshape.monitor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.common.engine.EngineClients;
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
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.monitor.persistence.Incident;
import dev.shipshape.monitor.persistence.IncidentRepository;
import dev.shipshape.monitor.persistence.WatchWindowRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Watching windows against real containers on the real engine, with images that are healthy, never
 * healthy, log errors or crash: each criterion triggers exactly one rollback; a clean window
 * verifies the release; a rollback is verified only when the symptom stops.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "monitor"))
class WatchTest {
  static final Duration BOUND = Duration.ofSeconds(60);

  @Inject WatchWindowRepository windows;
  @Inject IncidentRepository incidents;
  DockerClient docker;
  KafkaProbe kafka;
  final String stack = "w" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeEach
  void setUp() {
    docker =
        EngineClients.connect(
            ConfigProvider.getConfig().getValue("shipshape.engine.docker-host", String.class));
    kafka =
        new KafkaProbe(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
  }

  @AfterEach
  void tearDown() throws Exception {
    docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of("dev.shipshape.stack", stack))
        .exec()
        .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
    docker.close();
    kafka.close();
  }

  /** Runs the service's container as the deployer would leave it, labelled for the monitor. */
  private String run(String image, String window) {
    Map<String, String> labels = new HashMap<>();
    labels.put("dev.shipshape.stack", stack);
    labels.put("dev.shipshape.service", "agent");
    labels.put("dev.shipshape.window", window);
    labels.put("dev.shipshape.interval", "1s");
    labels.put("dev.shipshape.probe", ":8080/version");
    docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of("dev.shipshape.stack", stack))
        .exec()
        .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
    String id =
        docker
            .createContainerCmd(image)
            .withName(stack + "-agent-1")
            .withLabels(labels)
            .withStopTimeout(5)
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    return docker.inspectContainerCmd(id).exec().getImageId();
  }

  private String deployed(String image, String window) {
    String digest = run(image, window);
    String updateId = UUID.randomUUID().toString();
    publish(
        EventEnvelope.of(
            updateId,
            stack,
            "test-host-1",
            new DeployDone(
                stack,
                "test-host-1",
                "agent",
                "localhost/shipshape/httpd:0.9.0",
                "sha256:previous",
                image,
                digest,
                List.of(),
                Map.of())));
    return updateId;
  }

  private void publish(EventEnvelope<? extends Payload> event) {
    kafka.send(
        event.topic(),
        event.key(),
        EventCodec.toJson(event),
        EventCodec.cloudEventHeaders(event, "/test"));
  }

  private <P extends Payload> P awaitEvent(String topic, String updateId) {
    ConsumerRecord<String, String> r =
        kafka.await(topic, x -> x.value().contains("\"updateId\":\"" + updateId + "\""), BOUND);
    EventEnvelope<P> e = EventCodec.decode(topic, r.value());
    return e.payload();
  }

  private long eventsFor(String topic, String updateId) {
    return kafka.all(topic).stream()
        .filter(r -> r.value().contains("\"updateId\":\"" + updateId + "\""))
        .count();
  }

  private String windowStatus(String updateId) {
    return QuarkusTransaction.requiringNew()
        .call(
            () ->
                windows
                    .find("updateId = ?1 order by openedAt desc", updateId)
                    .firstResult()
                    .status);
  }

  private RollbackTriggered triggered(String updateId) {
    RollbackTriggered t = awaitEvent(Topics.ROLLBACK_TRIGGERED, updateId);
    await().atMost(BOUND).until(() -> windowStatus(updateId).equals("BREACHED"));
    assertEquals(
        1, eventsFor(Topics.ROLLBACK_TRIGGERED, updateId), "exactly one rollback per breach");
    assertEquals("sha256:previous", t.targetDigest());
    assertFalse(t.manual());
    return t;
  }

  @Test
  void aCleanWindowMakesTheReleaseKnownGoodAndEveryCheckIsAHealthEvent() {
    String updateId = deployed("localhost/shipshape/httpd:1.0.0", "4s");

    ReleaseVerified verified = awaitEvent(Topics.RELEASE_VERIFIED, updateId);

    assertEquals("agent", verified.service());
    assertEquals("VERIFIED", windowStatus(updateId));
    assertEquals(0, eventsFor(Topics.ROLLBACK_TRIGGERED, updateId));
    MonitorHealth health = awaitEvent(Topics.MONITOR_HEALTH, updateId);
    assertEquals("test-host-1", health.host());
    assertTrue(eventsFor(Topics.MONITOR_HEALTH, updateId) >= 3, "one health event per check");
    assertNotNull(awaitLatency(updateId), "the probe's latency percentiles are reported");
  }

  private Object awaitLatency(String updateId) {
    return kafka.all(Topics.MONITOR_HEALTH).stream()
        .filter(r -> r.value().contains(updateId) && r.value().contains("\"p99\""))
        .findFirst()
        .orElse(null);
  }

  @Test
  void anUnhealthyReleaseTriggersExactlyOneRollbackToThePreviousDigest() {
    String updateId = deployed("localhost/shipshape/httpd-never-healthy:1.0.0", "60s");
    RollbackTriggered t = triggered(updateId);
    assertEquals("unhealthy", t.criterion());
    Incident incident =
        QuarkusTransaction.requiringNew()
            .call(() -> incidents.find("updateId", updateId).firstResult());
    assertEquals("unhealthy", incident.criterion);
    assertEquals("sha256:previous", incident.toDigest);
    assertNotNull(incident.detectionMillis);
  }

  @Test
  void errorLinesAboveTheThresholdTriggerARollback() {
    RollbackTriggered t = triggered(deployed("localhost/shipshape/httpd-noisy:1.0.0", "60s"));
    assertEquals("error-rate", t.criterion());
    assertTrue(t.evidence().contains("ERROR: request failed"), t.evidence());
  }

  @Test
  void aContainerThatExitsTriggersARollback() {
    RollbackTriggered t = triggered(deployed("localhost/shipshape/httpd-crash:1.0.0", "60s"));
    assertEquals("container-exited", t.criterion());
    assertTrue(t.evidence().contains("code 1"), t.evidence());
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
            new RollbackDone(stack, "test-host-1", "agent", "sha256:bad", good, Map.of())));

    RollbackVerified verified = awaitEvent(Topics.ROLLBACK_VERIFIED, updateId);

    assertEquals("unhealthy", verified.criterion());
    Incident incident =
        QuarkusTransaction.requiringNew()
            .call(() -> incidents.find("updateId", updateId).firstResult());
    assertEquals(Boolean.TRUE, incident.verified);
    assertNotNull(incident.rollbackMillis);
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
            new RollbackDone(stack, "test-host-1", "agent", "sha256:bad", stillBad, Map.of())));

    RollbackUnresolved unresolved = awaitEvent(Topics.ROLLBACK_UNRESOLVED, updateId);

    assertEquals("container-exited", unresolved.criterion());
    Incident incident =
        QuarkusTransaction.requiringNew()
            .call(() -> incidents.find("updateId", updateId).firstResult());
    assertEquals(Boolean.FALSE, incident.verified);
  }
}
