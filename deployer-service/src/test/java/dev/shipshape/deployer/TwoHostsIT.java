package dev.shipshape.deployer;

import static dev.shipshape.deployer.DeployerFixture.V1;
import static dev.shipshape.deployer.DeployerFixture.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.common.engine.EngineClients;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two agents, each with its own engine: a command for one host never touches the other. */
class TwoHostsIT {
  @Test
  void eachAgentActsOnlyOnItsOwnHostsEngine() throws Exception {
    Map<String, String> infra = LocalInfrastructure.ensureUp();
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    try (DockerClient engineA = EngineClients.connect(infra.get("DOCKER_HOST_1"));
        DockerClient engineB = EngineClients.connect(infra.get("DOCKER_HOST_2"));
        AgentProcess agentA = new AgentProcess(infra, "a-" + suffix, 1).start(null);
        AgentProcess agentB = new AgentProcess(infra, "b-" + suffix, 2).start(null);
        DeployerFixture onA =
            new DeployerFixture(infra.get("KAFKA_BOOTSTRAP_SERVERS"), engineA, agentA.hostId());
        DeployerFixture onB =
            new DeployerFixture(infra.get("KAFKA_BOOTSTRAP_SERVERS"), engineB, agentB.hostId())) {

      String updateB = onB.deploy(spec(V1, Map.of()));
      DeployDone doneB = onB.outcome(Topics.DEPLOY_DONE, updateB);
      assertEquals(agentB.hostId(), doneB.host());
      assertEquals(List.of(onB.containerName()), onB.stackContainers(), "host B's engine runs it");

      String updateA = onA.deploy(spec(V1, Map.of()));
      onA.outcome(Topics.DEPLOY_DONE, updateA);
      assertEquals(List.of(onA.containerName()), onA.stackContainers());

      // Host B's stack is nowhere on host A's engine, and host A's is nowhere on B's.
      assertEquals(List.of(), onA.stackContainersOf(onB.stack));
      assertEquals(List.of(), onB.stackContainersOf(onA.stack));
    }
  }
}
