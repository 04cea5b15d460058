package dev.shipshape.common.engine;

import com.github.dockerjava.api.DockerClient;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * The container engines a service drives, by host id, each connected on first use and closed with
 * the service. Each service produces one from its own settings (which hosts, at which {@code
 * DOCKER_HOST}); what an engine is and how to reach it is the same everywhere.
 */
public final class HostEngines implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(HostEngines.class);

  private final Map<String, String> dockerHosts;
  private final Map<String, DockerClient> clients = new ConcurrentHashMap<>();

  /** {@code dockerHosts}: host id to its engine's {@code DOCKER_HOST} value. */
  public HostEngines(Map<String, String> dockerHosts) {
    this.dockerHosts = Map.copyOf(dockerHosts);
  }

  /** Every host there is an engine for. */
  public Set<String> hosts() {
    return dockerHosts.keySet();
  }

  public boolean serves(String host) {
    return host != null && dockerHosts.containsKey(host);
  }

  /** The engine's address ({@code DOCKER_HOST}), for messages and health data. */
  public Optional<String> address(String host) {
    return Optional.ofNullable(host == null ? null : dockerHosts.get(host));
  }

  public Optional<DockerClient> of(String host) {
    String dockerHost = host == null ? null : dockerHosts.get(host);
    if (dockerHost == null) {
      return Optional.empty();
    }
    return Optional.of(clients.computeIfAbsent(host, h -> EngineClients.connect(dockerHost)));
  }

  @Override
  public void close() {
    for (Map.Entry<String, DockerClient> c : clients.entrySet()) {
      try {
        c.getValue().close();
      } catch (IOException e) {
        // Shutting down: a client that does not close cleanly must not keep the others open.
        LOG.warnf("could not close the engine client of %s: %s", c.getKey(), e.getMessage());
      }
    }
    clients.clear();
  }
}
