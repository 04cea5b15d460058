package dev.shipshape.planner;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.DeployRequested;
import dev.shipshape.common.event.Payloads.ReleaseVerified;
import dev.shipshape.common.event.Payloads.UpdateCompleted;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.PlannerApi;
import dev.shipshape.common.testing.ServiceProcess;
import dev.shipshape.common.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The planner killed (SIGKILL) in the middle of an update, with an answer arriving while it is
 * down, and started again on the same database and consumer group: the update goes on from where it
 * was, and no command is sent twice.
 */
class PlannerRestartIT {
  static final String HOST = "planner-it-host-1";

  @Test
  void aKilledPlannerResumesTheUpdateWhereItWasAndSendsNothingTwice() throws Exception {
    String stack = "restart-" + UUID.randomUUID().toString().substring(0, 8);
    // The planner's own consumer group, as in production: a group of its own would first read the
    // broker's whole history (every earlier run's events) before it reached this test's.
    Map<String, String> env = Map.of();
    String bootstrap = LocalInfrastructure.ensureUp().get("KAFKA_BOOTSTRAP_SERVERS");
    ServiceProcess planner = new ServiceProcess("planner", "planner_it", env).start();
    try (Peers peers = new Peers(bootstrap)) {
      PlannerApi.putStack(
          api(planner),
          stack,
          "services:\n  model: {image: 'ollama/ollama:0.3.12'}\n"
              + "  agent: {image: 'ghcr.io/acme/agent:1.0.0', depends_on: [model]}\n",
          "staging",
          List.of(HOST));
      UpdateRequested request =
          PlannerApi.request(
              stack,
              Map.of(
                  "model", new ServiceChange("ollama/ollama:0.3.13", null, null),
                  "agent", new ServiceChange("ghcr.io/acme/agent:1.1.0", null, null)),
              null,
              new Rollout(null, 1, 0, "PT5S"),
              "alice",
              "restart test");
      String id = PlannerApi.submit(api(planner), request);

      peers.next(Topics.DEPLOY_REQUESTED, id);
      peers.answer(id, stack, HOST, done(stack, "model"));
      peers.next(Topics.DEPLOY_REQUESTED, id);

      planner.kill();
      peers.answer(id, stack, HOST, done(stack, "agent")); // arrives while nobody listens
      planner.start();

      peers.answer(
          id, stack, HOST, ReleaseVerified.of(stack, HOST, "model", "m", "sha256:new-model", "5s"));
      peers.answer(
          id, stack, HOST, ReleaseVerified.of(stack, HOST, "agent", "a", "sha256:new-agent", "5s"));
      UpdateCompleted completed =
          peers
              .<UpdateCompleted>next(
                  Topics.UPDATE_COMPLETED, id, c -> true, Duration.ofSeconds(180))
              .payload();
      assertEquals("succeeded", completed.outcome(), completed.summary());
      // The kill can land between Kafka's ack of the agent's command and the outbox marking it
      // sent: the relay then sends it again, with the same event id, which every consumer drops.
      // A second command would carry a new id.
      List<EventEnvelope<?>> commands =
          peers.of(id, Topics.DEPLOY_REQUESTED).stream()
              .filter(distinctBy(EventEnvelope::eventId))
              .toList();
      assertEquals(
          List.of("model", "agent"),
          commands.stream().map(e -> ((DeployRequested) e.payload()).service()).toList(),
          "each service asked for once, in tier order, across the restart");
      assertEquals(
          "SUCCEEDED",
          api(planner).get("/api/updates/" + id).then().statusCode(200).extract().path("status"));
    } finally {
      planner.close();
    }
  }

  private static <T> Predicate<T> distinctBy(Function<T, Object> key) {
    Set<Object> seen = new HashSet<>();
    return t -> seen.add(key.apply(t));
  }

  private static DeployDone done(String stack, String service) {
    return DeployDone.of(
        stack,
        HOST,
        service,
        "old/" + service,
        "sha256:old-" + service,
        service + ":new",
        "sha256:new-" + service,
        List.of(),
        Map.of(),
        null);
  }

  private static RequestSpecification api(ServiceProcess planner) {
    return given().baseUri(planner.baseUrl()).header("Authorization", "Bearer " + TestTokens.ADMIN);
  }
}
