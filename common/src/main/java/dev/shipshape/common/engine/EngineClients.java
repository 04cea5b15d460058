package dev.shipshape.common.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/**
 * Builds the docker-java client for one host's container engine from a {@code DOCKER_HOST} value (a
 * unix socket, or tcp with TLS settings from the standard DOCKER_* variables).
 */
public final class EngineClients {
  private EngineClients() {}

  public static DockerClient connect(String dockerHost) {
    DefaultDockerClientConfig config =
        DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost(dockerHost).build();
    ApacheDockerHttpClient http =
        new ApacheDockerHttpClient.Builder()
            .dockerHost(config.getDockerHost())
            .sslConfig(config.getSSLConfig())
            .maxConnections(32)
            .connectionTimeout(Duration.ofSeconds(5))
            .responseTimeout(Duration.ofMinutes(5))
            .build();
    return DockerClientImpl.getInstance(config, http);
  }
}
