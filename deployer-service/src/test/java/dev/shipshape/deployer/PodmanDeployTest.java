package dev.shipshape.deployer;

import static dev.shipshape.deployer.DeployerFixture.V1;
import static dev.shipshape.deployer.DeployerFixture.V2;
import static dev.shipshape.deployer.DeployerFixture.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Payloads.RollbackDone;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The second engine kind: the agent deploys, gates on health and rolls back on a Podman host
 * (PODMAN_HOST), and copes with an engine that runs no health checks by running the image's own.
 */
@QuarkusTest
@TestProfile(PodmanDeployTest.PodmanHost.class)
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = {
      @ResourceArg(name = "database", value = "deployer"),
      @ResourceArg(name = "host", value = "podman")
    })
class PodmanDeployTest {
  static final String HOST = "podman-test-host";

  /** The agent acts for a host of its own, on the Podman engine. */
  public static class PodmanHost implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      return Map.of("shipshape.host.id", HOST);
    }
  }

  @Inject DockerClient docker;
  DeployerFixture fx;

  @BeforeEach
  void setUp() {
    fx = DeployerFixture.inQuarkusTest(docker, HOST);
  }

  @AfterEach
  void tearDown() {
    fx.close();
  }

  private InspectContainerResponse live() {
    return fx.container(fx.containerName())
        .orElseThrow(() -> new AssertionError("no live container"));
  }

  @Test
  void theEngineIsPodman() {
    assertEquals("Podman Engine", docker.versionCmd().exec().getComponents().get(0).getName());
  }

  @Test
  void anUpdateGatedOnTheEnginesHealthAndItsRollback() {
    DeployDone first = fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(V1, Map.of())));
    DeployDone second = fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(V2, Map.of())));
    assertEquals(first.digest(), second.previousDigest());
    assertEquals("healthy", live().getState().getHealth().getStatus());

    RollbackDone back = fx.outcome(Topics.ROLLBACK_DONE, fx.rollback(null));
    assertEquals(first.digest(), back.toDigest());
    assertEquals(fx.imageId(V1), live().getImageId());
    assertEquals(List.of(fx.containerName()), fx.stackContainers());
  }

  @Test
  void anImageThatNeverGetsHealthyFailsAndTheOldVersionKeepsRunning() {
    fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(V1, Map.of())));
    String before = live().getId();
    DeployFailed failed =
        fx.outcome(
            Topics.DEPLOY_FAILED,
            fx.deploy(spec("localhost/shipshape/httpd-never-healthy:1.0.0", Map.of())));
    assertEquals("health", failed.phase());
    assertEquals(before, live().getId());
  }

  @Test
  void healthComesFromTheImagesOwnCommandWhenTheEngineRunsNoChecks() {
    // The health-check driver leaves containers with this label alone: an engine without checks.
    Map<String, String> engineHealthOff = Map.of(Labels.ENGINE_HEALTH, "off");
    DeployDone done =
        fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(V1, Map.of(), null, engineHealthOff)));
    assertEquals(fx.digest(V1), done.digest());
    assertEquals(
        "starting",
        live().getState().getHealth().getStatus(),
        "the engine never ran a check for it");
  }
}
