package dev.shipshape.monitor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.common.engine.EngineClients;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.RollbackUnresolved;
import dev.shipshape.common.event.Payloads.UpdateCompleted;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.monitor.persistence.Incident;
import dev.shipshape.monitor.persistence.IncidentRepository;
import dev.shipshape.monitor.persistence.WebhookDelivery;
import dev.shipshape.monitor.persistence.WebhookDeliveryRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Webhooks hear of rollbacks, unresolved rollbacks and failed updates, with retries through a slow
 * and then failing receiver; the rollback itself never waits for them.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "monitor"))
@WithTestResource(WebhookServer.class)
class NotificationTest {
  static final Duration BOUND = Duration.ofSeconds(60);

  @Inject IncidentRepository incidents;
  @Inject WebhookDeliveryRepository deliveries;
  DockerClient docker;
  KafkaProbe kafka;
  final String stack = "n" + UUID.randomUUID().toString().substring(0, 8);

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
        .withLabelFilter(Map.of(Labels.STACK, stack))
        .exec()
        .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
    docker.close();
    kafka.close();
  }

  private void publish(EventEnvelope<? extends Payload> event) {
    kafka.publish(event);
  }

  private List<WebhookDelivery> deliveriesFor(String updateId) {
    return QuarkusTransaction.requiringNew()
        .call(() -> deliveries.find("body like ?1", "%\"updateId\":\"" + updateId + "\"%").list());
  }

  private boolean delivered(String updateId, String kind) {
    return WebhookServer.ACCEPTED.stream()
        .anyMatch(
            b ->
                b.contains("\"updateId\":\"" + updateId + "\"")
                    && b.contains("\"kind\":\"" + kind + "\""));
  }

  @Test
  void aRollbackIsTriggeredOnTimeAndNotifiedThroughASlowThenFailingWebhook() {
    // Keep the webhook busy hanging on another notification while the breach is detected.
    String other = UUID.randomUUID().toString();
    publish(
        EventEnvelope.of(other, stack, null, UpdateCompleted.of(stack, "failed", "earlier", 1)));
    await().atMost(BOUND).until(() -> !deliveriesFor(other).isEmpty());
    String image = "localhost/shipshape/httpd-never-healthy:1.0.0";
    String id =
        docker
            .createContainerCmd(image)
            .withName(stack + "-agent-1")
            .withLabels(
                Map.of(
                    Labels.STACK, stack,
                    Labels.SERVICE, "agent",
                    Labels.WINDOW, "60s",
                    Labels.INTERVAL, "1s"))
            .withStopTimeout(5)
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    String updateId = UUID.randomUUID().toString();
    publish(
        EventEnvelope.of(
            updateId,
            stack,
            "test-host-1",
            DeployDone.of(
                stack,
                "test-host-1",
                "agent",
                "localhost/shipshape/httpd:1.0.0",
                "sha256:previous",
                image,
                docker.inspectContainerCmd(id).exec().getImageId(),
                List.of(),
                Map.of(),
                null)));

    kafka.await(Topics.ROLLBACK_TRIGGERED, r -> r.value().contains(updateId), BOUND);
    Incident incident =
        QuarkusTransaction.requiringNew()
            .call(() -> incidents.find("updateId", updateId).firstResult());
    // Floor: three unhealthy checks 1 s apart; a webhook hanging 5 s per call must not add to it.
    assertTrue(
        incident.detectionMillis < 6_500,
        "detected after " + incident.detectionMillis + " ms despite the hanging webhook");

    await().atMost(BOUND).until(() -> delivered(updateId, Topics.ROLLBACK_TRIGGERED));
    WebhookDelivery d = deliveriesFor(updateId).get(0);
    assertTrue(d.attempts >= 2, "retried after the timeout and the 500: " + d.attempts);
    assertTrue(d.body.contains("\"criterion\":\"unhealthy\""), d.body);
  }

  @Test
  void unresolvedRollbacksAndFailedUpdatesAreNotifiedButSucceededOnesAreNot() {
    String updateId = UUID.randomUUID().toString();
    EventEnvelope<UpdateCompleted> fine =
        EventEnvelope.of(updateId, stack, null, UpdateCompleted.of(stack, "succeeded", "ok", 10));
    publish(fine);
    publish(
        EventEnvelope.of(
            updateId,
            stack,
            "test-host-1",
            RollbackUnresolved.of(
                stack, "test-host-1", "agent", "error-rate", "ERROR: disk full")));
    publish(
        EventEnvelope.of(
            updateId,
            stack,
            null,
            UpdateCompleted.of(stack, "failed", "agent on test-host-1: rollback unresolved", 10)));

    await().atMost(BOUND).until(() -> delivered(updateId, Topics.ROLLBACK_UNRESOLVED));
    await().atMost(BOUND).until(() -> delivered(updateId, Topics.UPDATE_COMPLETED));
    assertEquals(2, deliveriesFor(updateId).size(), "the succeeded update is not notified");
    assertTrue(deliveriesFor(updateId).stream().noneMatch(x -> x.eventId.equals(fine.eventId())));
  }
}
