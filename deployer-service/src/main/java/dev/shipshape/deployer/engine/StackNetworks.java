package dev.shipshape.deployer.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.shipshape.common.event.Parts.NetworkAttachment;
import dev.shipshape.common.event.Parts.ServiceSpec;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * A stack's networks on this host, made as docker compose makes them: {@code <project>_<name>} with
 * compose's labels, so that {@code docker compose} takes them for its own and the stack stays a
 * compose project. Services on them reach each other by their names (the aliases).
 */
@ApplicationScoped
public class StackNetworks {
  static final String PROJECT_LABEL = "com.docker.compose.project";
  static final String NETWORK_LABEL = "com.docker.compose.network";

  private final DockerClient docker;

  public StackNetworks(DockerClient docker) {
    this.docker = docker;
  }

  /**
   * The networks a service's container joins: those its spec names, else compose's default network
   * with the service's name as alias — also for releases recorded before specs named networks.
   */
  public static List<NetworkAttachment> of(String stack, String service, ServiceSpec spec) {
    return spec.networks() == null || spec.networks().isEmpty()
        ? List.of(NetworkAttachment.composeDefault(stack, service))
        : spec.networks();
  }

  /**
   * Creates each network this host lacks. Only the stack's own networks ({@code <stack>_<name>})
   * can be made here; any other must already exist, as compose requires of an external network.
   */
  public void ensure(String stack, List<NetworkAttachment> networks) {
    for (NetworkAttachment n : networks) {
      if (exists(n.network())) {
        continue;
      }
      String prefix = stack + "_";
      if (!n.network().startsWith(prefix) || n.network().length() == prefix.length()) {
        throw new EngineException(
            "network "
                + n.network()
                + " does not exist on this host, and only the stack's own networks ("
                + prefix
                + "<name>) are created by Shipshape");
      }
      create(n.network(), stack, n.network().substring(prefix.length()));
    }
  }

  private void create(String network, String project, String name) {
    try {
      docker
          .createNetworkCmd()
          .withName(network)
          .withDriver("bridge")
          .withCheckDuplicate(true)
          .withLabels(Map.of(PROJECT_LABEL, project, NETWORK_LABEL, name))
          .exec();
    } catch (ConflictException e) {
      // Made a moment ago by someone else (docker compose on this host): it is there, as wanted.
    }
  }

  private boolean exists(String network) {
    try {
      docker.inspectNetworkCmd().withNetworkId(network).exec();
      return true;
    } catch (NotFoundException e) {
      return false;
    }
  }
}
