package dev.shipshape.backup.engine;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.common.engine.EngineClients;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the container engine answers. */
@Readiness
@ApplicationScoped
public class EngineHealthCheck implements HealthCheck {
  private final DockerClient docker;
  private final String dockerHost;

  public EngineHealthCheck(
      DockerClient docker,
      @ConfigProperty(name = "shipshape.engine.docker-host") String dockerHost) {
    this.docker = docker;
    this.dockerHost = dockerHost;
  }

  @Override
  public HealthCheckResponse call() {
    return EngineClients.readiness("Container engine", dockerHost, docker);
  }
}
