package dev.shipshape.deployer.engine;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.common.engine.EngineClients;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The docker-java client for this host's container engine. */
public class EngineClientProducer {
  @Produces
  @Singleton
  DockerClient docker(@ConfigProperty(name = "shipshape.engine.docker-host") String dockerHost) {
    return EngineClients.connect(dockerHost);
  }

  void close(@Disposes DockerClient docker) throws IOException {
    docker.close();
  }
}
