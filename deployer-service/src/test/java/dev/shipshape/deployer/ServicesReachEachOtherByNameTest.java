package dev.shipshape.deployer;

import static dev.shipshape.deployer.DeployerFixture.V1;
import static dev.shipshape.deployer.DeployerFixture.V2;
import static dev.shipshape.deployer.DeployerFixture.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Network;
import dev.shipshape.common.event.Parts.NetworkAttachment;
import dev.shipshape.common.event.Parts.ServiceSpec;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * On the real engine: a stack's services join compose's {@code <stack>_default} network under their
 * names from the first deploy on, and a rollback brings the recorded membership back.
 */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "deployer"))
class ServicesReachEachOtherByNameTest {
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

  /** The model server as a compose file with an extra alias would declare it. */
  private ServiceSpec model(String image) {
    return spec(image, Map.of())
        .withNetworks(
            List.of(new NetworkAttachment(fx.stack + "_default", List.of("model", "llm"))));
  }

  private DeployDone deploy(String service, ServiceSpec spec) {
    return fx.outcome(Topics.DEPLOY_DONE, fx.deploy(service, spec, Strategy.START_FIRST, false));
  }

  /** What {@code url} answers inside the service's container. */
  private String fetch(String from, String url) throws InterruptedException {
    return fx.exec(fx.containerName(from), "wget", "-q", "-O", "-", url).strip();
  }

  @Test
  void twoServicesResolveEachOtherByNameFromTheFirstDeployAndAfterARollback() throws Exception {
    deploy("model", model(V1));
    deploy("agent", spec(V1, Map.of())); // names no network: compose's default one

    Network network = docker.inspectNetworkCmd().withNetworkId(fx.stack + "_default").exec();
    assertEquals(fx.stack, network.getLabels().get("com.docker.compose.project"));
    assertEquals("default", network.getLabels().get("com.docker.compose.network"));
    String lookup = fx.exec(fx.containerName("agent"), "nslookup", "model");
    assertTrue(lookup.contains("Name:\tmodel"), lookup);
    assertEquals("1.0.0", fetch("agent", "http://model:8080/version"));
    assertEquals("1.0.0", fetch("agent", "http://llm:8080/version"));
    assertEquals("1.0.0", fetch("model", "http://agent:8080/version"));

    deploy("model", model(V2));
    assertEquals("1.1.0", fetch("agent", "http://model:8080/version"));
    RollbackDone back = fx.outcome(Topics.ROLLBACK_DONE, fx.rollback("model", null));

    assertEquals(fx.digest(V1), back.toDigest());
    assertEquals("1.0.0", fetch("agent", "http://model:8080/version"));
    assertEquals(
        "1.0.0", fetch("agent", "http://llm:8080/version"), "the recorded aliases came back");
    assertEquals("1.0.0", fetch("model", "http://agent:8080/version"));
  }

  @Test
  void aNetworkTheStackDoesNotOwnIsNeverMadeAndTheDeployFailsBeforeAnythingChanges() {
    ServiceSpec elsewhere =
        spec(V1, Map.of())
            .withNetworks(List.of(new NetworkAttachment("someone-elses-net", List.of("agent"))));

    DeployFailed failed = fx.outcome(Topics.DEPLOY_FAILED, fx.deploy(elsewhere));

    assertTrue(
        failed
            .reason()
            .contains(
                "network someone-elses-net does not exist on this host, and only the stack's own"
                    + " networks ("
                    + fx.stack
                    + "_<name>) are created by Shipshape"),
        failed.reason());
    assertEquals(List.of(), fx.stackContainers());
  }
}
