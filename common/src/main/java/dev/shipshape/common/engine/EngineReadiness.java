package dev.shipshape.common.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Readiness of every engine a service drives: up while each answers a ping and reports its version;
 * down naming each engine that does not. A service produces it as a {@code @Readiness} bean over
 * its own {@link HostEngines}.
 */
public final class EngineReadiness implements HealthCheck {
  /** The check's name in {@code /q/health}. */
  public static final String NAME = "Container engine";

  private final HostEngines engines;

  public EngineReadiness(HostEngines engines) {
    this.engines = engines;
  }

  @Override
  public HealthCheckResponse call() {
    HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME);
    List<String> down = new ArrayList<>();
    for (String host : new TreeSet<>(engines.hosts())) {
      String endpoint = engines.address(host).orElse("");
      try {
        DockerClient docker = engines.of(host).orElseThrow();
        docker.pingCmd().exec();
        Version version = docker.versionCmd().exec();
        response.withData(host, "up at " + endpoint + ", API " + version.getApiVersion());
      } catch (RuntimeException e) {
        down.add(host);
        response.withData(host, "down at " + endpoint + ": " + e.getMessage());
      }
    }
    if (engines.hosts().isEmpty()) {
      return response.down().withData("error", "no container engine is configured").build();
    }
    if (!down.isEmpty()) {
      return response.down().withData("down", String.join(", ", down)).build();
    }
    return response.up().build();
  }
}
