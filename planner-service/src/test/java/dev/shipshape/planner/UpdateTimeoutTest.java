package dev.shipshape.planner;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Payloads.UpdateCompleted;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.PlannerApi;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * A host agent that never answers: the step fails at its deadline with a reason naming the host.
 */
@QuarkusTest
@TestProfile(UpdateTimeoutTest.ShortDeadlines.class)
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "planner"))
class UpdateTimeoutTest {
  /** Deadlines of seconds instead of minutes. */
  public static class ShortDeadlines implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of(
          "shipshape.planner.deploy-timeout", "2s", "shipshape.planner.deadline-check", "0.5s");
    }
  }

  @Test
  void aDeployNobodyAnswersFailsAtItsDeadlineAndNothingElseStarts() {
    String stack = "timeout-" + UUID.randomUUID().toString().substring(0, 8);
    String host = "planner-test-host-1";
    PlannerApi.putStack(
        given(),
        stack,
        "services:\n  model: {image: 'ollama/ollama:0.3.12'}\n"
            + "  agent: {image: 'ghcr.io/acme/agent:1.0.0'}\n",
        "staging",
        List.of(host));
    try (Peers peers =
        new Peers(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class))) {
      UpdateRequested request =
          PlannerApi.request(
              stack,
              Map.of(
                  "model", new ServiceChange("ollama/ollama:0.3.13", null, null),
                  "agent", new ServiceChange("ghcr.io/acme/agent:1.1.0", null, null)),
              null,
              new Rollout(null, 1, 0, null),
              "alice",
              null);
      String id = PlannerApi.submit(given(), request);
      UpdateCompleted done =
          peers
              .<UpdateCompleted>next(Topics.UPDATE_COMPLETED, id, c -> true, Duration.ofSeconds(60))
              .payload();
      assertEquals("failed", done.outcome());
      assertTrue(
          done.summary().contains("timeout: no deploy.done from " + host + " within PT2S"),
          done.summary());
      assertEquals(1, peers.of(id, Topics.DEPLOY_REQUESTED).size(), "the agent step never starts");
      assertEquals(
          "FAILED",
          given().get("/api/updates/" + id).then().extract().path("steps[0].state"),
          "the model step failed at its deadline");
    }
  }
}
