package dev.shipshape.deployer;

import static dev.shipshape.deployer.DeployerFixture.V1;
import static dev.shipshape.deployer.DeployerFixture.V2;
import static dev.shipshape.deployer.DeployerFixture.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.common.engine.EngineClients;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.DeployFailed;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Kills the agent (a halt, as abrupt as kill -9) at each point of a swap and starts it again: it
 * must reconcile so that exactly one version of the service runs, recorded, with the outcome
 * reported.
 */
class CrashSafetyIT {
  private Map<String, String> infra;
  private DockerClient docker;
  private DeployerFixture fx;
  private AgentProcess agent;

  @BeforeEach
  void setUp() {
    infra = LocalInfrastructure.ensureUp();
    docker = EngineClients.connect(infra.get("DOCKER_HOST_1"));
    String host = "crash-" + UUID.randomUUID().toString().substring(0, 6);
    fx = new DeployerFixture(infra.get("KAFKA_BOOTSTRAP_SERVERS"), docker, host);
    agent = new AgentProcess(infra, host, 1);
  }

  @AfterEach
  void tearDown() throws Exception {
    agent.kill();
    fx.close();
    docker.close();
  }

  private String deployedV1() throws Exception {
    agent.start(null);
    fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(V1, Map.of("MODE", "one"))));
    agent.kill();
    return fx.container(fx.containerName()).orElseThrow().getId();
  }

  @ParameterizedTest
  @ValueSource(strings = {"after-create", "after-start", "after-stop-old", "before-rename"})
  void aHealthyNewVersionIsFinishedAfterTheAgentDiesMidSwap(String point) throws Exception {
    deployedV1();
    agent.start(point);
    String update = fx.deploy(spec(V2, Map.of("MODE", "two")));
    assertEquals(137, agent.awaitCrash(Duration.ofSeconds(60)), "the agent halted at " + point);

    agent.start(null);
    DeployDone done = fx.outcome(Topics.DEPLOY_DONE, update);

    assertEquals(fx.digest(V2), done.digest());
    assertEquals(fx.digest(V1), done.previousDigest());
    assertEquals(
        List.of(fx.containerName()), fx.stackContainers(), "exactly one container after " + point);
    var live = fx.container(fx.containerName()).orElseThrow();
    assertEquals(fx.imageId(V2), live.getImageId());
    assertTrue(live.getState().getRunning());
  }

  @Test
  void anUnhealthyNewVersionIsUndoneAfterTheAgentDiesMidSwap() throws Exception {
    String oldId = deployedV1();
    agent.start("after-start");
    String update = fx.deploy(spec("localhost/shipshape/httpd-never-healthy:1.0.0", Map.of()));
    agent.awaitCrash(Duration.ofSeconds(60));

    agent.start(null);
    DeployFailed failed = fx.outcome(Topics.DEPLOY_FAILED, update);

    assertEquals("restart", failed.phase());
    assertTrue(failed.reason().contains("not healthy"), failed.reason());
    assertEquals(List.of(fx.containerName()), fx.stackContainers());
    var live = fx.container(fx.containerName()).orElseThrow();
    assertEquals(oldId, live.getId(), "the old container runs again");
    assertTrue(live.getState().getRunning());
  }
}
