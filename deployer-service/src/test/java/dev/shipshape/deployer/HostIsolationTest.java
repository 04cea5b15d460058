package dev.shipshape.deployer;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Ports;
import dev.shipshape.common.engine.EngineClients;
import dev.shipshape.common.testing.LocalInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every simulated host is reachable from this machine only as a real host is: its engine API and
 * its published ports at its own address, while its containers' addresses lead nowhere. The
 * container addresses are judged from the routes alone ({@code ip route get}): nothing is sent to
 * them, since an address this machine does not route would leave it.
 */
class HostIsolationTest {
  static Map<String, String> infra;

  @BeforeAll
  static void up() {
    infra = LocalInfrastructure.ensureUp();
  }

  @Test
  void eachHostIsItsAddressItsEngineAndItsPublishedPortsAndNothingBehindThem() throws Exception {
    int hosts = Integer.parseInt(infra.get("ENGINE_COUNT"));
    for (int k = 1; k <= hosts; k++) {
      String address = infra.get("HOST_ADDRESS_" + k);
      assertEquals(
          "tcp://" + address + ":2375", infra.get("DOCKER_HOST_" + k), "host-" + k + "'s API");
      try (DockerClient docker = EngineClients.connect(infra.get("DOCKER_HOST_" + k))) {
        String id =
            startPublished(docker, "isolation-" + UUID.randomUUID().toString().substring(0, 8));
        try {
          // The engine runs the image's HEALTHCHECK itself: nothing here drives it.
          await().atMost(Duration.ofSeconds(60)).until(() -> "healthy".equals(health(docker, id)));
          InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
          String containerIp =
              c.getNetworkSettings().getNetworks().values().iterator().next().getIpAddress();
          assertTrue(containerIp.startsWith("10.2"), "container range: " + containerIp);

          Run route = run("ip", "route", "get", containerIp);
          assertTrue(
              route.exit() != 0 || route.output().contains("unreachable"),
              "host-" + k + "'s container " + containerIp + " must be unroutable here: " + route);
          Run hostDefault =
              run("ip", "-n", infra.get("HOST_NAMESPACE_" + k), "route", "show", "default");
          assertEquals(
              "", hostDefault.output().strip(), "host-" + k + " has no way off the machine");

          int published =
              Integer.parseInt(
                  c.getNetworkSettings()
                      .getPorts()
                      .getBindings()
                      .get(ExposedPort.tcp(8080))[0]
                      .getHostPortSpec());
          HttpResponse<String> answer =
              HttpClient.newHttpClient()
                  .send(
                      HttpRequest.newBuilder(
                              URI.create("http://" + address + ":" + published + "/version"))
                          .timeout(Duration.ofSeconds(10))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
          assertEquals(200, answer.statusCode(), "the published port answers at " + address);
        } finally {
          docker.removeContainerCmd(id).withForce(true).exec();
        }
      }
    }
  }

  private static String startPublished(DockerClient docker, String name) {
    ExposedPort http = ExposedPort.tcp(8080);
    Ports ports = new Ports();
    ports.bind(http, Ports.Binding.bindPort(0));
    String id =
        docker
            .createContainerCmd("localhost/shipshape/httpd:1.0.0")
            .withName(name)
            .withExposedPorts(List.of(http))
            .withStopTimeout(5)
            .withHostConfig(HostConfig.newHostConfig().withInit(true).withPortBindings(ports))
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    return id;
  }

  private static String health(DockerClient docker, String id) {
    var h = docker.inspectContainerCmd(id).exec().getState().getHealth();
    return h == null ? null : h.getStatus();
  }

  record Run(int exit, String output) {}

  private static Run run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (!p.waitFor(10, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end in 10 s");
    }
    return new Run(
        p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
  }
}
