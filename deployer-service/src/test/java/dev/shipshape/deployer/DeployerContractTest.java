package dev.shipshape.deployer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.DeployRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.ServiceContractTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deployer takes commands for its own host only and drives the real container engine. */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "deployer"))
class DeployerContractTest extends ServiceContractTest {
  static final String IMAGE = "localhost/shipshape/httpd:1.0.0";

  @Inject DockerClient docker;

  @Override
  protected String topic() {
    return Topics.DEPLOY_REQUESTED;
  }

  @Override
  protected EventEnvelope<? extends Payload> sampleEvent() {
    return deployFor("test-host-1");
  }

  /** Each event its own stack, so the deploys it causes never meet; all removed afterwards. */
  private static EventEnvelope<DeployRequested> deployFor(String host) {
    String stack = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    ServiceSpec spec =
        new ServiceSpec(IMAGE, null, null, null, null, null, null, null, null, null, null);
    DeployRequested command =
        DeployRequested.of(stack, host, "agent", spec, Strategy.START_FIRST, false, null);
    return EventEnvelope.of(UUID.randomUUID().toString(), stack, host, command);
  }

  @AfterEach
  void removeContractContainers() {
    await()
        .atMost(BOUND)
        .until(
            () ->
                count(
                        "SELECT count(*) FROM deploy_job WHERE status IN ('PENDING', 'RUNNING') AND stack LIKE ?1",
                        "contract-%")
                    == 0);
    docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.MANAGED, "true"))
        .exec()
        .stream()
        .map(c -> c.getLabels().getOrDefault(Labels.STACK, ""))
        .filter(stack -> stack.startsWith("contract-"))
        .distinct()
        .forEach(stack -> DeployerFixture.removeStack(docker, stack));
  }

  @Override
  protected long recordedRowsFor(EventEnvelope<? extends Payload> event) {
    return count("SELECT count(*) FROM deploy_job WHERE event_id = ?1", event.eventId());
  }

  @Override
  protected List<String> expectedReadinessChecks() {
    return List.of(
        "Database connections health check", "Kafka connection health check", "Container engine");
  }

  @Test
  void aCommandForAnotherHostIsNotActedOn() {
    EventEnvelope<DeployRequested> other = deployFor("test-host-2");
    publish(other);
    EventEnvelope<? extends Payload> mine = sampleEvent();
    publish(mine);

    await().atMost(BOUND).until(() -> recordedRowsFor(mine) == 1);
    assertEquals(0, recordedRowsFor(other));
    // Skipped by its key before the inbox: no database work at all for another host's command.
    assertEquals(0, processedCount(other.eventId()));
  }

  @Test
  void aContainerStartsAndIsRemovedThroughTheEngine() {
    String name = "contract-" + UUID.randomUUID().toString().substring(0, 8);
    String id = docker.createContainerCmd(IMAGE).withName(name).exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      InspectContainerResponse running = docker.inspectContainerCmd(id).exec();
      assertTrue(running.getState().getRunning(), "container should run");
      assertEquals("/" + name, running.getName());
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
    try {
      docker.inspectContainerCmd(id).exec();
      throw new AssertionError("container " + id + " still exists after removal");
    } catch (NotFoundException expected) {
      // gone, as asked
    }
  }

  @Override
  protected String apiPath() {
    return "/api/containers";
  }
}
