package dev.shipshape.monitor;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.common.engine.EngineClients;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.MonitorHealth;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.TestTokens;
import dev.shipshape.monitor.dashboard.LiveFeed;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real headless Chromium against the running monitor: an operator opens it with
 * a viewer token, a bad release is deployed on the real engine, and the rollback the monitor
 * triggers shows up in the incident list, the fleet grid and the timeline without a reload.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "monitor"))
class DashboardBrowserTest {
  static final Duration BOUND = Duration.ofSeconds(60);

  @TestHTTPResource("/dashboard")
  URL dashboard;

  @Inject LiveFeed live;
  DockerClient docker;
  KafkaProbe kafka;
  final String stack = "d" + UUID.randomUUID().toString().substring(0, 8);

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

  @Test
  void theDataNeedsAViewerTokenButThePageDoesNot() {
    given().header("Authorization", "").when().get("/dashboard").then().statusCode(200);
    given().header("Authorization", "").when().get("/").then().statusCode(200);
    given().header("Authorization", "").when().get("/api/stream").then().statusCode(401);
    given().header("Authorization", "").when().get("/api/updates").then().statusCode(401);
    given()
        .header("Authorization", "Bearer " + TestTokens.VIEWER)
        .when()
        .get("/api/updates")
        .then()
        .statusCode(200);
  }

  @Test
  void aRollbackAppearsOnTheOpenPageWithoutAReload() throws Exception {
    try (HeadlessChromium browser = HeadlessChromium.start(BOUND)) {
      browser.navigate(dashboard.toString());
      await().atMost(BOUND).until(() -> browser.isTrue("!!document.getElementById('token')"));
      browser.eval(
          "document.getElementById('token').value = '"
              + TestTokens.VIEWER
              + "'; document.getElementById('login-form').requestSubmit(); true");
      await()
          .atMost(BOUND)
          .until(() -> browser.isTrue("document.getElementById('status').textContent === 'live'"));
      // Marks this page load: a reload would lose it.
      browser.eval("window.__sameLoad = 'yes'; true");
      // The feed starts from the newest offsets: wait until it hears this test's own events.
      await()
          .atMost(BOUND)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                publish(
                    EventEnvelope.of(
                        UUID.randomUUID().toString(),
                        stack,
                        "feed-probe",
                        MonitorHealth.of(
                            "feed-probe",
                            "probe",
                            null,
                            "HEALTHY",
                            Map.of(),
                            null,
                            0,
                            null,
                            null,
                            null,
                            null,
                            null)));
                return live.latest(stack, "feed-probe", "probe") != null;
              });

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

      String row = "document.querySelector(\"#incidents tr[data-update-id='" + updateId + "']\")";
      await().atMost(BOUND).until(() -> browser.isTrue("!!" + row));
      assertEquals("unhealthy", browser.eval(row + ".dataset.criterion").asText());
      assertEquals("yes", browser.eval("window.__sameLoad").asText(), "the page was not reloaded");
      kafka.await(Topics.ROLLBACK_TRIGGERED, r -> r.value().contains(updateId), BOUND);

      // The fleet grid shows the service with its version and the verdict of its last check.
      String cell = "document.querySelector(\"[data-key='" + stack + "/test-host-1/agent']\")";
      await().atMost(BOUND).until(() -> browser.isTrue("!!" + cell));
      assertTrue(browser.eval(cell + ".textContent").asText().contains("1.0.0"));

      // The update's timeline, opened from the list, runs from the deploy to the rollback.
      String item = "document.querySelector(\"#updates li[data-update-id='" + updateId + "']\")";
      await().atMost(BOUND).until(() -> browser.isTrue("!!" + item));
      browser.eval(item + ".click(); true");
      await()
          .atMost(BOUND)
          .until(
              () ->
                  browser.isTrue(
                      "!!document.querySelector(\"#timeline tr[data-topic='deploy.done']\")"
                          + " && !!document.querySelector(\"#timeline"
                          + " tr[data-topic='rollback.triggered']\")"));
      assertEquals("yes", browser.eval("window.__sameLoad").asText(), "still the same page");
    }
    metricsOfTheGrafanaDashboardExist();
  }

  /** Every metric deploy/grafana/monitor.json draws is exported once a rollback happened. */
  private void metricsOfTheGrafanaDashboardExist() throws Exception {
    String grafana = Files.readString(Path.of("../deploy/grafana/monitor.json"));
    String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    Matcher m = Pattern.compile("shipshape_monitor_[a-z_]+").matcher(grafana);
    int names = 0;
    while (m.find()) {
      names++;
      String name = m.group().replaceFirst("_bucket$", "");
      assertTrue(metrics.contains(name), "the monitor exports " + name);
    }
    assertTrue(names >= 6, "the dashboard draws the monitor's metrics");
  }
}
