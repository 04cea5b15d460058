package dev.shipshape.deployer;

import static dev.shipshape.deployer.DeployerFixture.V1;
import static dev.shipshape.deployer.DeployerFixture.V2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Event;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Parts.SwapChoice;
import dev.shipshape.common.event.Parts.VolumeMount;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Payloads.RollbackDone;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Judged from the engine's own event stream: a service with a named volume has its old container
 * stopped before the new one starts, in a deploy and in a rollback, even when start-first is asked
 * for; a service declared shareable, or one without data, still goes start-first.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "deployer"))
class DataVolumesNeverHaveTwoWritersTest {
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

  private ServiceSpec withData(String image, Map<String, String> labels) {
    return new ServiceSpec(
        image,
        null,
        Map.of(),
        null,
        null,
        null,
        List.of(new VolumeMount(fx.stack + "_data", "/data", true, false)),
        labels,
        null,
        null,
        null);
  }

  /** Deploys asking for start-first: whatever overrides it is the deployer's own rule. */
  private DeployDone deploy(String service, ServiceSpec spec) {
    return fx.outcome(Topics.DEPLOY_DONE, fx.deploy(service, spec, Strategy.START_FIRST, false));
  }

  /** A swap, as the engine saw it: the replaced and the new container and what happened to them. */
  private record Observed(String oldId, String newId, List<Event> events) {
    int first(String id, String action) {
      for (int i = 0; i < events.size(); i++) {
        Event e = events.get(i);
        if (e.getId().equals(id) && e.getAction().equals(action)) {
          return i;
        }
      }
      throw new AssertionError("the engine reported no " + action + " of " + id + ": " + shown());
    }

    void oldStoppedBeforeNewStarted() {
      int start = first(newId, "start");
      assertTrue(first(oldId, "die") < start, "old died after the new started: " + shown());
      assertTrue(first(oldId, "stop") < start, "old stopped after the new started: " + shown());
    }

    void newStartedBeforeOldDied() {
      assertTrue(
          first(newId, "start") < first(oldId, "die"), "new started after old died: " + shown());
    }

    private String shown() {
      return events.stream()
          .map(e -> e.getAction() + " " + e.getId().substring(0, 12))
          .toList()
          .toString();
    }
  }

  private interface Swapping {
    void run() throws Exception;
  }

  private Observed observe(String service, Swapping swap) throws Exception {
    String oldId = fx.idOf(service);
    long since = System.currentTimeMillis();
    swap.run();
    return new Observed(oldId, fx.idOf(service), fx.lifecycleSince(since));
  }

  @Test
  void aNamedVolumesOldContainerStopsBeforeTheNewStartsInDeployAndRollback() throws Exception {
    deploy("db", withData(V1, Map.of()));
    DeployDone[] done = new DeployDone[1];

    Observed deploy = observe("db", () -> done[0] = deploy("db", withData(V2, Map.of())));

    assertEquals(
        new SwapChoice(
            Strategy.STOP_FIRST,
            "writes to volume " + fx.stack + "_data at /data: never two writers on one volume"),
        done[0].swap());
    deploy.oldStoppedBeforeNewStarted();

    RollbackDone[] back = new RollbackDone[1];
    Observed rollback =
        observe("db", () -> back[0] = fx.outcome(Topics.ROLLBACK_DONE, fx.rollback("db", null)));

    assertEquals(fx.digest(V1), back[0].toDigest());
    assertEquals(Strategy.STOP_FIRST, back[0].swap().strategy(), back[0].swap().reason());
    rollback.oldStoppedBeforeNewStarted();
  }

  @Test
  void aShareableServiceGoesStartFirstInDeployAndRollback() throws Exception {
    Map<String, String> shareable = Map.of(Labels.SHAREABLE, "true");
    deploy("vectors", withData(V1, shareable));
    DeployDone[] done = new DeployDone[1];

    Observed deploy =
        observe("vectors", () -> done[0] = deploy("vectors", withData(V2, shareable)));

    assertEquals(
        new SwapChoice(Strategy.START_FIRST, "its data mounts are declared shareable"),
        done[0].swap());
    deploy.newStartedBeforeOldDied();

    RollbackDone[] back = new RollbackDone[1];
    Observed rollback =
        observe(
            "vectors",
            () -> back[0] = fx.outcome(Topics.ROLLBACK_DONE, fx.rollback("vectors", null)));

    assertEquals(
        Strategy.START_FIRST, back[0].swap().strategy(), "the recorded release stays shareable");
    rollback.newStartedBeforeOldDied();
  }

  @Test
  void aServiceWithoutDataGoesStartFirst() throws Exception {
    deploy("agent", DeployerFixture.spec(V1, Map.of()));
    DeployDone[] done = new DeployDone[1];

    Observed deploy =
        observe("agent", () -> done[0] = deploy("agent", DeployerFixture.spec(V2, Map.of())));

    assertEquals(Strategy.START_FIRST, done[0].swap().strategy(), done[0].swap().reason());
    deploy.newStartedBeforeOldDied();
  }
}
