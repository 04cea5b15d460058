package dev.shipshape.deployer.engine;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.common.engine.EngineReadiness;
import dev.shipshape.common.engine.HostEngines;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

/**
 * The one engine an agent drives: its own host's ({@code shipshape.engine.docker-host}), under the
 * host's id. The agent is ready only while that engine answers.
 */
public class EngineProducer {
  private final String hostId;

  public EngineProducer(@ConfigProperty(name = "shipshape.host.id") String hostId) {
    this.hostId = hostId;
  }

  @Produces
  @Singleton
  HostEngines engines(@ConfigProperty(name = "shipshape.engine.docker-host") String dockerHost) {
    return new HostEngines(Map.of(hostId, dockerHost));
  }

  /** This host's engine client; {@link HostEngines} closes it. */
  @Produces
  @Singleton
  DockerClient docker(HostEngines engines) {
    return engines.of(hostId).orElseThrow();
  }

  @Produces
  @Singleton
  @Readiness
  HealthCheck readiness(HostEngines engines) {
    return new EngineReadiness(engines);
  }
}
