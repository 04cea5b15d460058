package dev.shipshape.deployer;

import static dev.shipshape.deployer.DeployerFixture.V1;
import static dev.shipshape.deployer.DeployerFixture.V2;
import static dev.shipshape.deployer.DeployerFixture.spec;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.common.event.Parts.ConfigChange;
import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Payloads.RollbackDone;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Deploys and rollbacks on the real engine with locally built images that are healthy, never
 * healthy, crash after start, change a default env, drop a port or log errors.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "deployer"))
class DeployTest {
  @Inject DockerClient docker;
  DeployerFixture fx;

  @BeforeEach
  void setUp() {
    fx = DeployerFixture.inQuarkusTest(docker, "test-host-1");
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private DeployDone deployed(String image, Map<String, String> env) {
    return fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(image, env)));
  }

  private InspectContainerResponse live() {
    return fx.container(fx.containerName())
        .orElseThrow(() -> new AssertionError("no live container"));
  }

  private static Map<String, String> env(InspectContainerResponse c) {
    return Arrays.stream(c.getConfig().getEnv())
        .map(e -> e.split("=", 2))
        .collect(java.util.stream.Collectors.toMap(kv -> kv[0], kv -> kv.length > 1 ? kv[1] : ""));
  }

  @Test
  void aHealthyNewVersionReplacesTheOldOneStartFirstWithADiffAndTimings() {
    DeployDone first = deployed(V1, Map.of("GREETING", "hello"));
    assertNull(first.previousDigest(), "nothing ran before the first deploy");
    String firstId = live().getId();

    DeployDone second = deployed(V2, Map.of("GREETING", "bonjour"));

    assertEquals(first.digest(), second.previousDigest());
    assertEquals(fx.digest(V2), second.digest());
    assertNotEquals(first.digest(), second.digest());
    assertTrue(
        second
            .configDiff()
            .contains(new ConfigChange("env.APP_VERSION", "changed", "1.0.0", "1.1.0")),
        "diff: " + second.configDiff());
    assertTrue(
        second
            .phaseMillis()
            .keySet()
            .containsAll(List.of("record", "pull", "create+start", "health", "switch")),
        second.phaseMillis().toString());
    InspectContainerResponse now = live();
    assertNotEquals(firstId, now.getId());
    assertEquals(fx.imageId(V2), now.getImageId());
    assertEquals("bonjour", env(now).get("GREETING"));
    assertEquals(
        List.of(fx.containerName()), fx.stackContainers(), "only the new container is left");
  }

  @Test
  void anImageThatNeverGetsHealthyFailsAndTheOldVersionKeepsRunning() {
    deployed(V1, Map.of());
    String oldId = live().getId();

    DeployFailed failed =
        fx.outcome(
            Topics.DEPLOY_FAILED,
            fx.deploy(spec("localhost/shipshape/httpd-never-healthy:1.0.0", Map.of())));

    assertEquals("health", failed.phase());
    assertTrue(
        failed.reason().contains("unhealthy") || failed.reason().contains("health command failed"),
        failed.reason());
    assertTrue(
        failed.logTail().contains("serving version"),
        "log tail of the new container: " + failed.logTail());
    assertEquals(oldId, live().getId());
    assertTrue(live().getState().getRunning());
    assertEquals(List.of(fx.containerName()), fx.stackContainers());
  }

  @Test
  void anImageThatCrashesAfterStartFails() {
    deployed(V1, Map.of());
    String oldId = live().getId();

    DeployFailed failed =
        fx.outcome(
            Topics.DEPLOY_FAILED,
            fx.deploy(spec("localhost/shipshape/httpd-crash:1.0.0", Map.of())));

    assertTrue(failed.reason().contains("exited with code 1"), failed.reason());
    assertTrue(failed.logTail().contains("FATAL: crashing on purpose"), failed.logTail());
    assertEquals(oldId, live().getId());
    assertEquals(List.of(fx.containerName()), fx.stackContainers());
  }

  @Test
  void aNewImageThatNoLongerExposesAPublishedPortIsRefusedBeforeAnythingChanges() {
    List<PortBinding> ports = List.of(new PortBinding(8080, "tcp", "127.0.0.1", 0));
    fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(V1, Map.of(), ports, Map.of())));
    String oldId = live().getId();

    DeployFailed failed =
        fx.outcome(
            Topics.DEPLOY_FAILED,
            fx.deploy(
                spec("localhost/shipshape/httpd-other-port:1.0.0", Map.of(), ports, Map.of())));

    assertEquals("diff", failed.phase());
    assertTrue(failed.reason().contains("no longer exposes port 8080/tcp"), failed.reason());
    assertTrue(
        failed.configDiff().contains(new ConfigChange("port", "added", null, "9090/tcp")),
        failed.configDiff().toString());
    assertEquals(oldId, live().getId());
  }

  @Test
  void aPreflightThatLogsErrorsStopsTheDeployAndLeavesNoTrace() {
    deployed(V1, Map.of());
    String oldId = live().getId();

    DeployFailed failed =
        fx.outcome(
            Topics.DEPLOY_FAILED,
            fx.deploy(
                spec("localhost/shipshape/httpd-noisy:1.0.0", Map.of()),
                Strategy.START_FIRST,
                true));

    assertEquals("preflight", failed.phase());
    assertTrue(failed.reason().contains("ERROR: request failed"), failed.reason());
    assertEquals(oldId, live().getId());
    assertEquals(
        List.of(fx.containerName()), fx.stackContainers(), "no preflight container is left");
  }

  @Test
  void aCleanPreflightLetsTheDeployGoOn() {
    deployed(V1, Map.of());
    DeployDone done =
        fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(V2, Map.of()), Strategy.START_FIRST, true));
    assertTrue(done.phaseMillis().containsKey("preflight"), done.phaseMillis().toString());
    assertEquals(fx.imageId(V2), live().getImageId());
  }

  @Test
  void stopFirstReplacesTheContainerWhenTwoCopiesCannotRun() {
    deployed(V1, Map.of());
    DeployDone done =
        fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(V2, Map.of()), Strategy.STOP_FIRST, false));
    assertEquals(fx.digest(V2), done.digest());
    assertEquals(List.of(fx.containerName()), fx.stackContainers());
  }

  @Test
  void rollbackReturnsToThePreviousDigestAndEnvTogether() {
    DeployDone first = deployed(V1, Map.of("MODE", "one"));
    deployed(V2, Map.of("MODE", "two"));
    assertEquals("two", env(live()).get("MODE"));

    RollbackDone done = fx.outcome(Topics.ROLLBACK_DONE, fx.rollback(null));

    assertEquals(first.digest(), done.toDigest());
    assertEquals(fx.digest(V2), done.fromDigest());
    InspectContainerResponse now = live();
    assertEquals(fx.imageId(V1), now.getImageId());
    assertEquals("one", env(now).get("MODE"));
    assertEquals("1.0.0", env(now).get("APP_VERSION"));
    assertEquals(List.of(fx.containerName()), fx.stackContainers());
  }

  @Test
  void rollingBackAFirstDeployRemovesTheService() {
    deployed(V1, Map.of());
    RollbackDone done = fx.outcome(Topics.ROLLBACK_DONE, fx.rollback(null));
    assertEquals("none", done.toDigest());
    assertFalse(fx.container(fx.containerName()).isPresent());
  }

  @Test
  void anInvalidImageReferenceIsRefusedAndNothingIsCreated() {
    DeployFailed failed =
        fx.outcome(Topics.DEPLOY_FAILED, fx.deploy(spec("Bad Image::ref", Map.of())));
    assertEquals("validate", failed.phase());
    assertTrue(failed.reason().startsWith("invalid image reference"), failed.reason());
    assertEquals(List.of(), fx.stackContainers());
  }

  @Test
  void theApiListsManagedContainersAndReleasesWithSecretsMasked() {
    deployed(V1, Map.of("DB_PASSWORD", "hunter2", "MODE", "one"));
    deployed(V2, Map.of("DB_PASSWORD", "hunter2", "MODE", "two"));

    String releases =
        given()
            .queryParam("stack", fx.stack)
            .when()
            .get("/api/releases/agent")
            .then()
            .statusCode(200)
            .extract()
            .asString();
    given()
        .queryParam("stack", fx.stack)
        .when()
        .get("/api/releases/agent")
        .then()
        .body("size()", equalTo(2))
        .body("[0].running", equalTo(true))
        .body("[1].running", equalTo(false))
        .body("[0].env.MODE", equalTo("two"))
        .body("[0].env.DB_PASSWORD", startsWith("sha256:"));
    assertFalse(releases.contains("hunter2"), "no secret in the API: " + releases);
    given()
        .when()
        .get("/api/containers")
        .then()
        .statusCode(200)
        .body("find { it.name == '" + fx.containerName() + "' }.service", equalTo("agent"))
        .body("find { it.name == '" + fx.containerName() + "' }.image", equalTo(V2));
  }
}
