package dev.shipshape.planner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.PlannedStep;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Payloads.UpdatePlanned;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.TestRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tags resolved to digests at plan time against the real local registry: the plan and its event
 * carry {@code name:tag@sha256:…}, a tag moved afterwards changes no plan, a missing tag or an
 * unreachable registry is a clear refusal, and production refuses images no registry holds. The
 * unreachable one, {@code gone} at 127.0.0.1:1, is in the planner's test configuration.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "planner"))
class RegistryPinningTest {
  final String id = UUID.randomUUID().toString().substring(0, 8);
  final String repo = "reg-" + id + "/agent";
  final TestRegistry registry = TestRegistry.local();
  KafkaProbe kafka;

  @BeforeEach
  void setUp() {
    kafka =
        new KafkaProbe(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    registry.copy("shipshape/httpd", "1.0.0", repo, "1.0.0");
  }

  @AfterEach
  void close() {
    kafka.close();
  }

  private String register(String environment) {
    String stack = environment.substring(0, 4) + "-" + id;
    String compose = "services:\n  agent:\n    image: " + registry.reference(repo, "1.0.0") + "\n";
    given()
        .contentType("application/json")
        .body(
            Map.of(
                "compose", compose,
                "environment", environment,
                "hosts", List.of("pinning-test-host-1", "pinning-test-host-2")))
        .when()
        .put("/api/stacks/" + stack)
        .then()
        .statusCode(200);
    return stack;
  }

  private static String request(String stack, String image) {
    return EventCodec.toJson(
        UpdateRequested.of(
            UUID.randomUUID().toString(),
            stack,
            Map.of("agent", new ServiceChange(image, null, null)),
            null,
            null,
            "alice",
            null));
  }

  @Test
  void aTagIsPinnedToItsDigestAtPlanTimeAndAMovedTagChangesNoPlan() {
    String stack = register("production");
    String pinnedDigest = registry.copy("shipshape/httpd", "1.1.0", repo, "1.1.0");
    String image = registry.reference(repo, "1.1.0");

    String updateId =
        given()
            .contentType("application/json")
            .body(request(stack, image))
            .when()
            .post("/api/updates")
            .then()
            .statusCode(202)
            .body("status", equalTo("RUNNING"))
            .body("plan", hasSize(2))
            .body("plan[0].steps[0].image", equalTo(image + "@" + pinnedDigest))
            .body("plan[1].steps[0].image", equalTo(image + "@" + pinnedDigest))
            .extract()
            .path("updateId");
    UpdatePlanned planned =
        EventCodec.<UpdatePlanned>decode(
                Topics.UPDATE_PLANNED,
                kafka
                    .await(
                        Topics.UPDATE_PLANNED,
                        r -> r.value().contains(updateId),
                        Duration.ofSeconds(30))
                    .value())
            .payload();
    for (PlannedStep step : planned.waves().stream().flatMap(w -> w.steps().stream()).toList()) {
      assertEquals(image + "@" + pinnedDigest, step.image(), "update.planned carries the pin");
    }

    // Someone re-pushes another image under the same tag after planning.
    String movedDigest = registry.copy("shipshape/httpd", "1.2.0", repo, "1.1.0");
    assertNotEquals(pinnedDigest, movedDigest);
    given()
        .when()
        .get("/api/updates/" + updateId)
        .then()
        .statusCode(200)
        .body("plan[0].steps[0].image", equalTo(image + "@" + pinnedDigest));
    // A new request sees the tag where it is now: pins follow the registry, plans never do.
    given()
        .contentType("application/json")
        .body(request(stack, image))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(202)
        .body("plan[0].steps[0].image", equalTo(image + "@" + movedDigest));
  }

  @Test
  void aDigestPinnedRequestIsCheckedAgainstTheRegistryAndKeptAsWritten() {
    String stack = register("staging");
    String digest = registry.digest(repo, "1.0.0");
    String byDigest = registry.address() + "/" + repo + "@" + digest;
    given()
        .contentType("application/json")
        .body(request(stack, byDigest))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(202)
        .body("plan[0].steps[0].image", equalTo(byDigest));
    String unknown = registry.address() + "/" + repo + "@sha256:" + "0".repeat(64);
    given()
        .contentType("application/json")
        .body(request(stack, unknown))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(422)
        .body("problems[0].message", containsString("'" + unknown + "' cannot be resolved"))
        .body("problems[0].message", containsString("MANIFEST_UNKNOWN"));
  }

  @Test
  void aMissingTagIsARefusalNamingTheImageAndTheRegistrysAnswer() {
    String stack = register("staging");
    String missing = registry.reference(repo, "9.9.9");
    String requestId = UUID.randomUUID().toString();
    String body =
        EventCodec.toJson(
            UpdateRequested.of(
                requestId,
                stack,
                Map.of("agent", new ServiceChange(missing, null, null)),
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
        .body("problems", hasSize(1))
        .body("problems[0].field", equalTo("services.agent.image"))
        .body(
            "problems[0].message",
            containsString(
                "'"
                    + missing
                    + "' cannot be resolved: registry "
                    + registry.address()
                    + " answered 404 MANIFEST_UNKNOWN"));
    String rejected =
        kafka
            .await(
                Topics.UPDATE_REJECTED, r -> r.value().contains(requestId), Duration.ofSeconds(30))
            .value();
    assertTrue(rejected.contains("MANIFEST_UNKNOWN"), rejected);
  }

  @Test
  void anUnreachableRegistryIsARefusalNamingTheImageAndTheRegistry() {
    String stack = register("staging");
    String image = "127.0.0.1:1/acme/agent:1.0.0";
    given()
        .contentType("application/json")
        .body(request(stack, image))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(422)
        .body("problems", hasSize(1))
        .body(
            "problems[0].message",
            containsString(
                "'" + image + "' cannot be resolved: registry 127.0.0.1:1 cannot be reached"));
  }

  @Test
  void productionRefusesALocalOnlyImageWhileStagingTakesItAsWritten() {
    String production = register("production");
    String localOnly = "localhost/shipshape/httpd:1.1.0";
    given()
        .contentType("application/json")
        .body(request(production, localOnly))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(422)
        .body("problems", hasSize(1))
        .body("problems[0].message", containsString("'" + localOnly + "' is in none of the"))
        .body("problems[0].message", containsString("push it to a durable registry"));
    String staging = register("staging");
    given()
        .contentType("application/json")
        .body(request(staging, localOnly))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(202)
        .body("plan[0].steps[0].image", equalTo(localOnly));
  }
}
