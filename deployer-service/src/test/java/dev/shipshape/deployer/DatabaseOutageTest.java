package dev.shipshape.deployer;

import static dev.shipshape.deployer.DeployerFixture.V1;
import static dev.shipshape.deployer.DeployerFixture.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.persistence.DatabaseWait;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.deployer.job.Swap;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The database goes away in the middle of a swap, as in a database restart during an update: the
 * deployer waits for it and finishes the swap, instead of undoing it and failing the update.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "deployer"))
class DatabaseOutageTest {
  // Healthy only once its health path exists: the test decides when the gate passes.
  static final String GATED = "localhost/shipshape/httpd-never-healthy:1.0.0";

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

  @Test
  void aSwapThatLosesTheDatabaseWaitsForItAndFinishes() throws Exception {
    fx.outcome(Topics.DEPLOY_DONE, fx.deploy(spec(V1, Map.of())));
    String next = Swap.next(fx.containerName());
    String updateId = fx.deploy(spec(GATED, Map.of()));
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> fx.container(next).map(c -> c.getState().getRunning()).orElse(false));

    LocalInfrastructure.stop("postgres");
    try {
      makeHealthy(next);
      // The gate passes; the swap's next journal write meets the outage and waits.
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> DatabaseWait.waitingNow().contains("Journal.phase"));
    } finally {
      LocalInfrastructure.ensureUp();
    }

    DeployDone done = fx.outcome(Topics.DEPLOY_DONE, updateId);
    assertEquals(fx.digest(GATED), done.digest());
    assertEquals(fx.imageId(GATED), fx.container(fx.containerName()).orElseThrow().getImageId());
    assertEquals(
        List.of(fx.containerName()), fx.stackContainers(), "no parked or temporary container left");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> DatabaseWait.waitingNow().isEmpty()); // nothing waits on once it is back
  }

  private void makeHealthy(String container) throws InterruptedException {
    assertEquals(0L, RawEngine.exec(docker, container, "sh", "-c", "echo ok > /www/missing"));
  }
}
