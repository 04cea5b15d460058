package dev.shipshape.deployer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.common.engine.EngineClients;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.probe.GoldenAnswer;
import dev.shipshape.common.probe.GoldenCheck;
import dev.shipshape.common.probe.GoldenProbeRequest;
import dev.shipshape.common.probe.GoldenRequest;
import dev.shipshape.common.probe.ProbeRequest;
import dev.shipshape.common.probe.ProbeResult;
import dev.shipshape.common.testing.HostAgent;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.ServiceProcess;
import dev.shipshape.common.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real agent inside host-1's network namespace probes its host's containers on their bridge
 * addresses, which this machine cannot reach: latency for a healthy service, the failure for a
 * failing one, refusals for what it does not manage and for bad input.
 */
class ProbeIT {
  /** Not the demo agent's 8083, which may be running at the same address. */
  static final int PORT = 18083;

  static ServiceProcess agent;
  static DockerClient engine;
  static final String stack = "p" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void startAgent() throws Exception {
    Map<String, String> infra = LocalInfrastructure.ensureUp();
    engine = EngineClients.connect(infra.get("DOCKER_HOST_1"));
    run("web", "localhost/shipshape/httpd:1.0.0", true);
    run("stranger", "localhost/shipshape/httpd:1.0.0", false);
    agent = HostAgent.start(infra, 1, PORT);
  }

  @AfterAll
  static void stop() throws Exception {
    if (agent != null) {
      agent.close();
    }
    engine
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.STACK, stack))
        .exec()
        .forEach(c -> engine.removeContainerCmd(c.getId()).withForce(true).exec());
    engine.close();
  }

  /** A container of the stack on host-1, managed by Shipshape or someone else's. */
  private static void run(String service, String image, boolean managed) {
    Map<String, String> labels = new HashMap<>();
    labels.put(Labels.STACK, stack);
    labels.put(Labels.SERVICE, service);
    if (managed) {
      labels.put(Labels.MANAGED, "true");
    }
    String id =
        engine
            .createContainerCmd(image)
            .withName(stack + "-" + service + "-1")
            .withLabels(labels)
            .withStopTimeout(5)
            .exec()
            .getId();
    engine.startContainerCmd(id).exec();
  }

  private static Response probe(Object body, String token) {
    return given()
        .baseUri(agent.baseUrl())
        .header("Authorization", "Bearer " + token)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/probes");
  }

  private static ProbeResult probe(String service, String probe) {
    Response r = probe(new ProbeRequest(stack, service, probe, null), TestTokens.OPERATOR);
    assertEquals(200, r.statusCode(), r.asString());
    return r.as(ProbeResult.class);
  }

  @Test
  void aHealthyContainerAnswersWithItsLatency() {
    // The container's address is on host-1's bridge: only the agent, on the host, reaches it.
    ProbeResult result =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> probe("web", ":8080/version"), ProbeResult::hasAnswer);
    assertEquals(200, result.status());
    assertNull(result.problem());
    assertTrue(result.millis() > 0 && result.millis() < 5000, "latency " + result.millis());

    // A longer wait than the agent allows is cut to its limit, not refused.
    Response longWait =
        probe(new ProbeRequest(stack, "web", ":8080/version", 600_000L), TestTokens.OPERATOR);
    assertEquals(200, longWait.statusCode(), longWait.asString());
    assertEquals(200, longWait.as(ProbeResult.class).status());
  }

  private static Response golden(Object body) {
    return given()
        .baseUri(agent.baseUrl())
        .header("Authorization", "Bearer " + TestTokens.OPERATOR)
        .contentType(ContentType.JSON)
        .body(body)
        .post("/api/probes/golden");
  }

  private static GoldenAnswer golden(GoldenRequest request) {
    Response r = golden(GoldenProbeRequest.of(stack, "web", request, null));
    assertEquals(200, r.statusCode(), r.asString());
    return r.as(GoldenAnswer.class);
  }

  @Test
  void aGoldenRequestComesBackWithTheAnswerForTheMonitorToJudge() {
    GoldenRequest right =
        GoldenRequest.of("version", "GET", ":8080/version", null, null, null, "^1\\.0\\.0", null);
    GoldenAnswer answer =
        await().atMost(Duration.ofSeconds(30)).until(() -> golden(right), GoldenAnswer::hasAnswer);
    assertEquals(200, answer.status());
    assertEquals("1.0.0", answer.body().strip());
    assertEquals(Optional.empty(), GoldenCheck.mismatch(right, answer));

    GoldenRequest wrong =
        GoldenRequest.of("version", "GET", ":8080/version", null, null, null, null, "1.1.0");
    String why = GoldenCheck.mismatch(wrong, golden(wrong)).orElseThrow();
    assertTrue(why.contains("GET :8080/version"), why);
    assertTrue(why.contains("the body containing \"1.1.0\"; answered 200 1.0.0"), why);

    golden(GoldenProbeRequest.of(stack, "stranger", right, null)).then().statusCode(403);
    golden(
            GoldenProbeRequest.of(
                stack,
                "web",
                GoldenRequest.of(
                    "x", "FETCH", "http://10.77.0.1:15000/v2/", null, null, null, null, null),
                null))
        .then()
        .statusCode(400)
        .body("problems.field", hasItems("golden.method", "golden.path"));
  }

  /**
   * The agent also takes deploys for its host: a release that is healthy but answers its golden
   * request wrongly fails the deploy, with the request and the answer, and the old one runs on.
   */
  @Test
  void aDeployWhoseGoldenRequestIsAnsweredWronglyFailsAndTheOldVersionKeepsRunning()
      throws Exception {
    Map<String, String> infra = LocalInfrastructure.ensureUp();
    try (DeployerFixture fx =
        new DeployerFixture(infra.get("KAFKA_BOOTSTRAP_SERVERS"), engine, "probe-host-1")) {
      Map<String, String> wants100 =
          Map.of(
              Labels.GOLDEN,
              GoldenCheck.toLabel(
                  List.of(
                      GoldenRequest.of(
                          "version", "GET", ":8080/version", null, 200, null, "^1\\.0\\.", null))));
      fx.outcome(
          Topics.DEPLOY_DONE,
          fx.deploy(DeployerFixture.spec(DeployerFixture.V1, Map.of(), null, wants100)));
      String oldId = fx.container(fx.containerName()).orElseThrow().getId();

      DeployFailed failed =
          fx.outcome(
              Topics.DEPLOY_FAILED,
              fx.deploy(DeployerFixture.spec(DeployerFixture.V2, Map.of(), null, wants100)));

      assertEquals("golden", failed.phase());
      assertTrue(
          failed
              .reason()
              .contains(
                  "golden request version (GET :8080/version) expected status 200, the body"
                      + " matching /^1\\.0\\./; answered 200 1.1.0"),
          failed.reason());
      assertEquals(oldId, fx.container(fx.containerName()).orElseThrow().getId());
      assertEquals(List.of(fx.containerName()), fx.stackContainers());
    }
  }

  @Test
  void aFailingPathOrAClosedPortReportsTheFailure() {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> probe("web", ":8080/version"), ProbeResult::hasAnswer);
    assertEquals(404, probe("web", ":8080/missing").status());
    ProbeResult closed = probe("web", ":9999/health");
    assertNull(closed.status());
    assertTrue(closed.problem().contains(":9999/health"), closed.problem());
    assertTrue(closed.problem().contains("ConnectException"), closed.problem());
  }

  @Test
  void aContainerShipshapeDoesNotManageIsRefused() {
    probe(new ProbeRequest(stack, "stranger", ":8080/version", null), TestTokens.OPERATOR)
        .then()
        .statusCode(403)
        .body("detail", containsString("is not managed by Shipshape"));
    probe(new ProbeRequest(stack, "nobody", ":8080/version", null), TestTokens.OPERATOR)
        .then()
        .statusCode(404)
        .body("detail", containsString("no container of service nobody in stack " + stack));
  }

  @Test
  void badInputIsRefusedWithEveryProblemNamed() {
    probe(new ProbeRequest(" ", "web;rm", "http://10.77.0.1:15000/v2/", 0L), TestTokens.OPERATOR)
        .then()
        .statusCode(400)
        .body("problems.field", hasItems("stack", "service", "probe", "timeoutMillis"))
        .body("problems.find { it.field == 'probe' }.message", containsString("full URL"));
    probe(new ProbeRequest(stack, "web", ":70000/", null), TestTokens.OPERATOR)
        .then()
        .statusCode(400)
        .body("problems.field", hasItems("probe"));
    probe(Map.of(), TestTokens.OPERATOR).then().statusCode(400);
    // Nothing was touched: the service still runs as it did.
    InspectContainerResponse web = engine.inspectContainerCmd(stack + "-web-1").exec();
    assertTrue(web.getState().getRunning());
    assertEquals(0, web.getRestartCount());
  }

  @Test
  void onlyTheOperatorsTokenMayProbe() {
    probe(new ProbeRequest(stack, "web", ":8080/version", null), TestTokens.VIEWER)
        .then()
        .statusCode(403);
    given()
        .baseUri(agent.baseUrl())
        .contentType(ContentType.JSON)
        .body(new ProbeRequest(stack, "web", ":8080/version", null))
        .post("/api/probes")
        .then()
        .statusCode(401);
  }
}
