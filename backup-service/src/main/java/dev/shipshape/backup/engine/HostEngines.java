package dev.shipshape.backup.engine;

import com.github.dockerjava.api.DockerClient;
import dev.shipshape.backup.config.BackupSettings;
import dev.shipshape.common.engine.EngineClients;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The container engine of each host this instance serves, connected on first use. */
@ApplicationScoped
public class HostEngines {
  private final BackupSettings settings;
  private final Map<String, DockerClient> clients = new ConcurrentHashMap<>();

  public HostEngines(BackupSettings settings) {
    this.settings = settings;
  }

  /** Every host this instance has an engine for. */
  public Set<String> hosts() {
    return settings.engines().keySet();
  }

  public boolean serves(String host) {
    return host != null && settings.engines().containsKey(host);
  }

  public Optional<DockerClient> of(String host) {
    String dockerHost = host == null ? null : settings.engines().get(host);
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
