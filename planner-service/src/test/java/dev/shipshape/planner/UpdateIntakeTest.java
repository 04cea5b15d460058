package dev.shipshape.planner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Payloads.UpdateCompleted;
import dev.shipshape.common.event.Payloads.UpdatePlanned;
import dev.shipshape.common.event.Payloads.UpdateRejected;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Stacks registered over REST; update requests over REST and Kafka, planned or refused. */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "planner"))
class UpdateIntakeTest {
  final String stack = "ai-" + UUID.randomUUID().toString().substring(0, 8);
  KafkaProbe kafka;

  @BeforeEach
  void register() {
    kafka =
        new KafkaProbe(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    given()
        .contentType("application/json")
        .body(
            Map.of(
                "compose",
                ComposeReaderTest.AGENT_STACK,
                "environment",
                "staging",
                "hosts",
                List.of("planner-test-host-1", "planner-test-host-2", "planner-test-host-3"),
                "variables",
                Map.of("DB_PASSWORD", "s3cret-value")))
        .when()
        .put("/api/stacks/" + stack)
        .then()
        .statusCode(200)
        .body("version", equalTo(1))
        .body("variables.DB_PASSWORD", containsString("sha256:"));
  }

  @AfterEach
  void close() {
    kafka.close();
  }

  private String requestJson(String requestId, String agentImage) {
    return EventCodec.toJson(
        UpdateRequested.of(
            requestId,
            stack,
            Map.of("agent", new ServiceChange(agentImage, Map.of("MODEL", "llama3.1"), null)),
            null,
            null,
            "alice",
            "new agent"));
  }

  @Test
  void aValidRequestIsPlannedCanaryFirstAndTheSameRequestIdIsTheSameUpdate() {
    String requestId = UUID.randomUUID().toString();
    String updateId =
        given()
            .contentType("application/json")
            .body(requestJson(requestId, "ghcr.io/acme/agent:2024-06-01"))
            .when()
            .post("/api/updates")
            .then()
            .statusCode(202)
            .body("status", equalTo("RUNNING"))
            .body("plan", hasSize(3))
            .body("plan[0].canary", equalTo(true))
            .body("plan[0].hosts[0]", equalTo("planner-test-host-1"))
            .body("plan[0].steps[0].service", equalTo("agent"))
            .extract()
            .path("updateId");

    given()
        .contentType("application/json")
        .body(requestJson(requestId, "ghcr.io/acme/agent:2024-06-01"))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(202)
        .body("updateId", equalTo(updateId));
    ConsumerRecord<String, String> planned =
        kafka.await(
            Topics.UPDATE_PLANNED, r -> r.value().contains(updateId), Duration.ofSeconds(30));
    EventEnvelope<UpdatePlanned> event = EventCodec.decode(Topics.UPDATE_PLANNED, planned.value());
    assertEquals("staging", event.payload().environment());
    assertEquals(stack, planned.key());
    given()
        .when()
        .get("/api/updates/" + updateId)
        .then()
        .statusCode(200)
        .body("status", equalTo("RUNNING"));
  }

  @Test
  void aRequestForWhatAlreadyRunsEndsSucceededWithNothingToDo() {
    String nothing =
        EventCodec.toJson(
            UpdateRequested.of(
                UUID.randomUUID().toString(),
                stack,
                Map.of(
                    "agent",
                    new ServiceChange(
                        "ghcr.io/acme/agent:2024-05-01", Map.of("MODEL", "llama3"), null),
                    "db",
                    new ServiceChange("docker.io/library/postgres:16.4.1", null, null)),
                null,
                null,
                "alice",
                "desired state again"));
    String updateId =
        given()
            .contentType("application/json")
            .body(nothing)
            .when()
            .post("/api/updates")
            .then()
            .statusCode(200)
            .body("status", equalTo("SUCCEEDED"))
            .body("summary", containsString("nothing to do: "))
            .body("summary", containsString("already run the requested image and config"))
            .body("plan[0].steps", hasSize(0))
            .extract()
            .path("updateId");
    ConsumerRecord<String, String> completed =
        kafka.await(
            Topics.UPDATE_COMPLETED, r -> r.value().contains(updateId), Duration.ofSeconds(30));
    EventEnvelope<UpdateCompleted> event =
        EventCodec.decode(Topics.UPDATE_COMPLETED, completed.value());
    assertEquals("succeeded", event.payload().outcome());
    assertTrue(event.payload().summary().startsWith("nothing to do"), event.payload().summary());

    // One service unchanged, one new: only the new one has steps.
    given()
        .contentType("application/json")
        .body(
            EventCodec.toJson(
                UpdateRequested.of(
                    UUID.randomUUID().toString(),
                    stack,
                    Map.of(
                        "agent",
                        new ServiceChange("ghcr.io/acme/agent:2024-06-01", null, null),
                        "db",
                        new ServiceChange("postgres:16.4.1", null, null)),
                    null,
                    null,
                    "alice",
                    "agent only")))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(202)
        .body("plan[0].steps", hasSize(1))
        .body("plan[0].steps[0].service", equalTo("agent"));
  }

  @Test
  void aMovingTagIsRefusedOverRestWithEveryProblemAndNothingIsPlanned() {
    String body =
        EventCodec.toJson(
            UpdateRequested.of(
                UUID.randomUUID().toString(),
                stack,
                Map.of(
                    "agent",
                    new ServiceChange("ghcr.io/acme/agent:latest", Map.of("BAD NAME", "x"), null),
                    "db",
                    new ServiceChange("postgres:16", null, null)),
                null,
                null,
                "alice",
                null));
    given()
        .contentType("application/json")
        .body(body)
        .when()
        .post("/api/updates")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("problems", hasSize(3))
        .body(
            "problems.message",
            org.hamcrest.Matchers.hasItem(containsString("moving tag 'latest'")))
        .body("problems.message", org.hamcrest.Matchers.hasItem(containsString("major line 16")));
  }

  private String requestWithWindow(String window) {
    return EventCodec.toJson(
        UpdateRequested.of(
            UUID.randomUUID().toString(),
            stack,
            Map.of("agent", new ServiceChange("ghcr.io/acme/agent:2024-06-01", null, null)),
            null,
            new Rollout(List.of(), 1, 1, window),
            "alice",
            "window " + window));
  }

  /** The API reads the syntax the CLI and the configuration read, and names what it refuses. */
  @Test
  void aWindowInTheShortFormIsAcceptedAndAnUnreadableOneRefusedNamingTheField() {
    given()
        .contentType("application/json")
        .body(requestWithWindow("5s"))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(202)
        .body("status", equalTo("RUNNING"));
    given()
        .contentType("application/json")
        .body(requestWithWindow("5 parsecs"))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(422)
        .contentType("application/problem+json")
        .body("problems", hasSize(1))
        .body("problems[0].field", equalTo("rollout.monitorWindow"))
        .body(
            "problems[0].message",
            equalTo(
                "'5 parsecs' is not a duration; use a number and a unit (250ms, 5s, 15m, 2h, 1d),"
                    + " hours, minutes and seconds together (1h30m), or ISO-8601 (PT15M, P1D)"));
  }

  @Test
  void malformedAndOversizedBodiesAreClearRefusals() {
    given()
        .contentType("application/json")
        .body("{\"stack\": [")
        .when()
        .post("/api/updates")
        .then()
        .statusCode(422)
        .body("problems[0].message", containsString("not a valid update request"));
    given()
        .contentType("application/json")
        .body("{\"pad\":\"" + "x".repeat(300_000) + "\"}")
        .when()
        .post("/api/updates")
        .then()
        .statusCode(422)
        .body("problems[0].message", containsString("the limit is"));
  }

  @Test
  void aRefusedKafkaRequestBecomesUpdateRejectedWithTheSameProblems() {
    String updateId = UUID.randomUUID().toString();
    UpdateRequested request =
        UpdateRequested.of(
            UUID.randomUUID().toString(),
            stack,
            Map.of("ollama", new ServiceChange("ollama/ollama:latest", null, null)),
            List.of("host-9"),
            null,
            "ci-bot",
            null);
    EventEnvelope<UpdateRequested> event = EventEnvelope.of(updateId, stack, null, request);
    kafka.send(
        Topics.UPDATE_REQUESTED,
        stack,
        EventCodec.toJson(event),
        EventCodec.cloudEventHeaders(event, "/test"));

    ConsumerRecord<String, String> r =
        kafka.await(
            Topics.UPDATE_REJECTED, x -> x.value().contains(updateId), Duration.ofSeconds(30));
    UpdateRejected rejected =
        EventCodec.<UpdateRejected>decode(Topics.UPDATE_REJECTED, r.value()).payload();
    assertEquals(2, rejected.problems().size(), rejected.problems().toString());
    assertTrue(rejected.problems().stream().anyMatch(p -> p.message().contains("moving tag")));
    assertTrue(
        rejected.problems().stream().anyMatch(p -> p.message().startsWith("unknown host host-9")));
    assertFalse(r.value().contains("s3cret-value"), "no secret in an event");
  }

  @Test
  void aComposeFileWithACycleIsNotRegistered() {
    given()
        .contentType("application/yaml")
        .queryParam("host", "host-1")
        .body(
            "services:\n  a: {image: 'a:1.0.0', depends_on: [b]}\n  b: {image: 'b:1.0.0', depends_on: [a]}\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .when()
        .put("/api/stacks/cyclic-" + stack)
        .then()
        .statusCode(422)
        .body("problems[0].message", containsString("depends_on cycle"));
    given().when().get("/api/stacks/cyclic-" + stack).then().statusCode(404);
  }

  @Test
  void rolesGateWhatATokenMayDo() {
    given()
        .header("Authorization", "Bearer " + TestTokens.OPERATOR)
        .contentType("application/yaml")
        .body("services: {a: {image: 'a:1.0.0'}}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        .queryParam("host", "host-1")
        .when()
        .put("/api/stacks/" + stack)
        .then()
        .statusCode(403)
        .body("detail", containsString("needs the admin role"));
    given()
        .header("Authorization", "Bearer " + TestTokens.VIEWER)
        .contentType("application/json")
        .body(requestJson(UUID.randomUUID().toString(), "ghcr.io/acme/agent:2024-06-01"))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(403);
    given()
        .header("Authorization", "Bearer " + TestTokens.OPERATOR)
        .contentType("application/json")
        .body(requestJson(UUID.randomUUID().toString(), "ghcr.io/acme/agent:2024-06-01"))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(202);
  }
}
