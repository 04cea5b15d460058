package dev.shipshape.planner;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.TestTokens;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A file with a build-only service is registered; a viewer reads what Shipshape understood of it;
 * an update naming the build-only service is refused saying why, and nothing is planned.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "planner"))
class PlanViewResourceTest {
  final String stack = "view-" + UUID.randomUUID().toString().substring(0, 8);

  private void register() {
    given()
        .header("Authorization", "Bearer " + TestTokens.ADMIN)
        .contentType("application/json")
        .body(
            Map.of(
                "compose",
                PlanViewTest.AI_STACK,
                "environment",
                "production",
                "hosts",
                List.of("planner-test-host-1")))
        .when()
        .put("/api/stacks/" + stack)
        .then()
        .statusCode(200)
        .body("version", equalTo(1));
  }

  @Test
  void aViewerSeesWhatShipshapeUnderstoodOfAFileWithABuildOnlyService() {
    register();
    given()
        .header("Authorization", "Bearer " + TestTokens.VIEWER)
        .when()
        .get("/api/stacks/" + stack + "/plan-view")
        .then()
        .statusCode(200)
        .body("updateOrder", equalTo(List.of("db", "cache", "qdrant", "api", "web")))
        .body("services[0].name", equalTo("db"))
        .body("services[0].tier", equalTo("DATABASE"))
        .body("services[0].swap", equalTo("STOP_FIRST"))
        .body("services[0].statefulVolumes[0].source", equalTo(stack + "_pgdata"))
        .body("services[3].name", equalTo("api"))
        .body("services[3].updatable", equalTo(false))
        .body("services[3].image", nullValue())
        .body("services[3].dependsOn.db", equalTo("service_healthy"))
        .body("services[4].networks[0].name", equalTo(stack + "_default"))
        .body("findings.kind", hasItem("build-only"))
        .body("findings.kind", hasItem("moving-tag"))
        .body("findings.kind", hasItem("ignored-key"))
        .body(
            "findings.findAll { it.kind == 'moving-tag' }.todo[0]", startsWith("the next update"));
    given()
        .header("Authorization", "Bearer " + TestTokens.VIEWER)
        .when()
        .get("/api/stacks/no-such-stack/plan-view")
        .then()
        .statusCode(404);
  }

  @Test
  void anUpdateNamingTheBuildOnlyServiceIsRefusedNamingTheReason() {
    register();
    given()
        .header("Authorization", "Bearer " + TestTokens.OPERATOR)
        .contentType("application/json")
        .body(
            EventCodec.toJson(
                UpdateRequested.of(
                    UUID.randomUUID().toString(),
                    stack,
                    Map.of("api", new ServiceChange("ghcr.io/acme/api:1.0.0", null, null)),
                    null,
                    null,
                    "alice",
                    "build-only")))
        .when()
        .post("/api/updates")
        .then()
        .statusCode(422)
        .body("problems", hasSize(1))
        .body("problems[0].field", equalTo("services.api"))
        .body("problems[0].message", startsWith("service api is build-only"));
  }
}
