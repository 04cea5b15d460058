package dev.shipshape.monitor.engine;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.common.engine.EngineClients;
import dev.shipshape.monitor.config.MonitorSettings;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The container engine of each watched host, connected on first use. */
@ApplicationScoped
public class HostEngines {
  private final MonitorSettings settings;
  private final Map<String, DockerClient> clients = new ConcurrentHashMap<>();

  public HostEngines(MonitorSettings settings) {
    this.settings = settings;
  }

  public Optional<DockerClient> of(String host) {
    String dockerHost = settings.engines().get(host);
    if (dockerHost == null) {
      return Optional.empty();
    }
    return Optional.of(clients.computeIfAbsent(host, h -> EngineClients.connect(dockerHost)));
  }

  void close(@Observes ShutdownEvent event) throws IOException {
    for (DockerClient c : clients.values()) {
      c.close();
    }
  }
}
