package dev.shipshape.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A deployer agent on simulated host K, from the deployer's packaged jar, for tests of what only an
 * agent on the host can do (HTTP probes of its containers). It acts as host {@code probe-host-K}
 * and reads only commands sent from its start on, so it never takes another test's deploys.
 */
public final class HostAgent {
  private HostAgent() {}

  /**
   * Starts the agent at host K's address on {@code port} and waits until it is ready; {@code
   * infra}: the addresses {@link LocalInfrastructure#ensureUp} returned.
   */
  public static ServiceProcess start(Map<String, String> infra, int host, int port)
      throws IOException {
    Path jar =
        LocalInfrastructure.repositoryRoot()
            .resolve("deployer-service/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          jar
              + " is missing: package deployer-service first (./mvnw -pl deployer-service package)");
    }
    String hostId = "probe-host-" + host;
    return ServiceProcess.onHost(
            infra,
            host,
            port,
            "agent-" + hostId,
            jar,
            "deployer_" + hostId.replace('-', '_'),
            Map.of(
                "SHIPSHAPE_HOST_ID",
                hostId,
                "SHIPSHAPE_ENGINE_DOCKER_HOST",
                infra.get("ENGINE_SOCKET_" + host),
                "MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_GROUP_ID",
                "deployer-" + hostId,
                "MP_MESSAGING_CONNECTOR_SMALLRYE_KAFKA_AUTO_OFFSET_RESET",
                "latest"))
        .start();
  }
}
