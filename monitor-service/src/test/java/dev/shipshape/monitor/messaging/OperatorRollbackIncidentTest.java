package dev.shipshape.monitor.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.RollbackDone;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.PlannerApi;
import dev.shipshape.common.testing.ServiceProcess;
import dev.shipshape.common.testing.TestTokens;
import dev.shipshape.monitor.persistence.Incident;
import dev.shipshape.monitor.persistence.IncidentRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The planner and the monitor together for an operator's rollback: the real planner (its packaged
 * jar, its own database) sends the {@code rollback.triggered} its REST rollback sends, and the
 * monitor records it as an incident with host, service, digests and the operator. Nothing here
 * builds the event the monitor reads: only the deployer's answers are played by the test.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "monitor"))
class OperatorRollbackIncidentTest {
  static final Duration BOUND = Duration.ofSeconds(60);
  static final String HOST = "incident-host-1";

  static ServiceProcess planner;
  static KafkaProbe kafka;

  @Inject IncidentRepository incidents;

  @BeforeAll
  static void startPlanner() throws Exception {
    Map<String, String> infra = LocalInfrastructure.ensureUp();
    kafka = new KafkaProbe(infra.get("KAFKA_BOOTSTRAP_SERVERS"));
    // The planner's own consumer group, as in production (see PlannerRestartIT).
    planner = ServiceProcess.packaged("planner-service", "planner_incident", Map.of()).start();
  }

  @AfterAll
  static void stopPlanner() throws Exception {
    if (planner != null) {
      planner.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  private static RequestSpecification api(String token) {
    return given().baseUri(planner.baseUrl()).header("Authorization", "Bearer " + token);
  }

  @Test
  void anOperatorsRollbackThroughThePlannerIsAnIncidentAtTheMonitor() {
    String stack = "incident-" + UUID.randomUUID().toString().substring(0, 8);
    PlannerApi.putStack(
        api(TestTokens.ADMIN),
        stack,
        "services:\n  model: {image: 'ollama/ollama:0.3.12'}\n",
        "staging",
        List.of(HOST));
    UpdateRequested request =
        PlannerApi.request(
            stack,
            Map.of("model", new ServiceChange("ollama/ollama:0.3.13", null, null)),
            null,
            new Rollout(null, 1, 0, "PT30S"),
            "alice",
            "incident test");
    String id = PlannerApi.submit(api(TestTokens.OPERATOR), request);

    // The deployer's part: the deploy is done. This monitor has no engine for the host, so it
    // records the release without watching it (no automatic rollback can interfere).
    awaitEvent(Topics.DEPLOY_REQUESTED, id);
    publish(
        EventEnvelope.of(
            id,
            stack,
            HOST,
            DeployDone.of(
                stack,
                HOST,
                "model",
                "ollama/ollama:0.3.12",
                "sha256:old-model",
                "ollama/ollama:0.3.13",
                "sha256:new-model",
                List.of(),
                Map.of("total", 10L),
                null)));
    await()
        .atMost(BOUND)
        .until(
            () ->
                "DEPLOYED"
                    .equals(
                        api(TestTokens.VIEWER)
                            .get("/api/updates/" + id)
                            .then()
                            .extract()
                            .path("steps[0].state")));

    api(TestTokens.OPERATOR)
        .contentType("application/json")
        .body(Map.of("reason", "customers report slow answers"))
        .post("/api/updates/" + id + "/rollback")
        .then()
        .statusCode(202);

    await().atMost(BOUND).until(() -> incidentOf(id) != null);
    Incident incident = incidentOf(id);
    assertEquals(stack, incident.stack);
    assertEquals(HOST, incident.host);
    assertEquals("model", incident.service);
    assertEquals("sha256:new-model", incident.fromDigest, "what ran: the deploy's digest");
    assertEquals("sha256:old-model", incident.toDigest);
    assertEquals("manual", incident.detectedBy);
    assertEquals(RollbackTriggered.MANUAL, incident.criterion);
    assertEquals("test-operator", incident.requestedBy);
    assertTrue(incident.evidence.contains("customers report slow answers"), incident.evidence);

    // The deployer's answer ends the rollback on both sides: the planner's incident is whole too.
    publish(
        EventEnvelope.of(
            id,
            stack,
            HOST,
            RollbackDone.of(
                stack, HOST, "model", "sha256:new-model", "sha256:old-model", Map.of(), null)));
    await().atMost(BOUND).until(() -> incidentOf(id).rollbackDoneAt != null);
    await()
        .atMost(BOUND)
        .until(
            () ->
                "ROLLED_BACK"
                    .equals(
                        api(TestTokens.VIEWER)
                            .get("/api/updates/" + id)
                            .then()
                            .extract()
                            .path("status")));
    var planned = api(TestTokens.VIEWER).get("/api/updates/" + id).then().extract().jsonPath();
    assertEquals(HOST, planned.getString("incident.host"));
    assertEquals("model", planned.getString("incident.service"));
    assertEquals("sha256:new-model", planned.getString("incident.fromDigest"));
    assertEquals("sha256:old-model", planned.getString("incident.toDigest"));
    assertEquals("test-operator", planned.getString("incident.requestedBy"));
    assertTrue(planned.getLong("incident.durationMillis") >= 0);
    assertEquals(1L, count(id), "one incident: the operator's, recorded once");
  }

  private static void awaitEvent(String topic, String updateId) {
    ConsumerRecord<String, String> r =
        kafka.await(topic, x -> x.value().contains("\"updateId\":\"" + updateId + "\""), BOUND);
    assertTrue(r != null);
  }

  private static void publish(EventEnvelope<? extends Payload> event) {
    kafka.publish(event);
  }

  private Incident incidentOf(String updateId) {
    return QuarkusTransaction.requiringNew()
        .call(() -> incidents.find("updateId", updateId).firstResult());
  }

  private long count(String updateId) {
    return QuarkusTransaction.requiringNew().call(() -> incidents.count("updateId", updateId));
  }
}
