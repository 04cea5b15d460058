package dev.shipshape.deployer.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.shipshape.common.engine.ContainerLogs;
import dev.shipshape.common.engine.Exec;
import dev.shipshape.common.engine.HealthCommands;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Parts.NetworkAttachment;
import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.VolumeMount;
import dev.shipshape.deployer.config.DeployerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * This host's containers, in the few operations a deploy needs: create from a spec, start, stop,
 * rename, remove, and read back (images are {@link Images}' job).
 */
@ApplicationScoped
public class ContainerEngine {
  private final DockerClient docker;
  private final DeployerSettings settings;

  public ContainerEngine(DockerClient docker, DeployerSettings settings) {
    this.docker = docker;
    this.settings = settings;
  }

  public Optional<InspectContainerResponse> find(String nameOrId) {
    try {
      return Optional.of(docker.inspectContainerCmd(nameOrId).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Creates a container for a service spec, joined to the spec's networks (which must exist) with
   * their aliases. An isolated container (a preflight) gets no volumes, no published ports and no
   * network of the stack, so it cannot touch the service's data, clash with it, or answer for it.
   */
  public String create(
      String name, String image, ServiceSpec spec, Map<String, String> labels, boolean isolated) {
    Map<String, String> allLabels = new LinkedHashMap<>();
    if (spec.labels() != null) {
      allLabels.putAll(spec.labels());
    }
    allLabels.putAll(labels);
    allLabels.put(Labels.MANAGED, "true");
    HostConfig host =
        HostConfig.newHostConfig()
            .withInit(true)
            .withRestartPolicy(restartPolicy(spec.restartPolicy()));
    CreateContainerCmd cmd =
        docker
            .createContainerCmd(image)
            .withName(name)
            .withLabels(allLabels)
            .withStopTimeout((int) settings.stopTimeout().toSeconds());
    if (spec.env() != null) {
      cmd.withEnv(
          spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
    if (spec.command() != null) {
      cmd.withCmd(spec.command());
    }
    if (spec.entrypoint() != null) {
      cmd.withEntrypoint(spec.entrypoint());
    }
    if (spec.healthCheck() != null) {
      cmd.withHealthcheck(HealthCommands.toEngine(spec.healthCheck()));
    }
    if (!isolated) {
      if (spec.ports() != null && !spec.ports().isEmpty()) {
        Ports bindings = new Ports();
        List<ExposedPort> exposed = new ArrayList<>();
        for (PortBinding p : spec.ports()) {
          ExposedPort port = new ExposedPort(p.containerPort(), internetProtocol(p.protocol()));
          exposed.add(port);
          bindings.bind(
              port,
              Ports.Binding.bindIpAndPort(
                  p.hostIp() == null ? "0.0.0.0" : p.hostIp(), p.hostPort()));
        }
        cmd.withExposedPorts(exposed);
        host.withPortBindings(bindings);
      }
      if (spec.volumes() != null && !spec.volumes().isEmpty()) {
        host.withBinds(spec.volumes().stream().map(ContainerEngine::bind).toList());
      }
    }
    List<NetworkAttachment> networks =
        isolated || spec.networks() == null ? List.of() : spec.networks();
    if (!networks.isEmpty()) {
      // The create call takes one network (API 1.41); the others are joined before the start.
      host.withNetworkMode(networks.get(0).network());
      cmd.withAliases(networks.get(0).aliases());
    }
    String id = cmd.withHostConfig(host).exec().getId();
    try {
      for (NetworkAttachment n : networks.stream().skip(1).toList()) {
        docker
            .connectToNetworkCmd()
            .withContainerId(id)
            .withNetworkId(n.network())
            .withContainerNetwork(new ContainerNetwork().withAliases(n.aliases()))
            .exec();
      }
    } catch (RuntimeException e) {
      remove(id);
      throw e;
    }
    return id;
  }

  /** Starts a container; one that already runs is left as it is. */
  public void start(String id) {
    try {
      docker.startContainerCmd(id).exec();
    } catch (NotModifiedException e) {
      // already running
    }
  }

  /** Stops with the configured grace period: never an instant kill of a database. */
  public void stop(String id) {
    InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
    if (Boolean.TRUE.equals(c.getState().getRunning())) {
      docker.stopContainerCmd(id).withTimeout((int) settings.stopTimeout().toSeconds()).exec();
    }
  }

  public void remove(String id) {
    try {
      stop(id);
      docker.removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException e) {
      // already gone: removal is what we wanted
    }
  }

  public void rename(String id, String newName) {
    docker.renameContainerCmd(id).withName(newName).exec();
  }

  /** The last lines a container logged, stdout and stderr interleaved. */
  public String logTail(String id, int lines) {
    return ContainerLogs.tail(docker, id, lines);
  }

  /**
   * Runs a command in a container, bounded by {@code timeout}; an engine error is a failed run (see
   * {@link Exec#check}), which to a health check means "not healthy yet".
   */
  public Exec.Outcome exec(String id, List<String> command, Duration timeout) {
    return Exec.check(docker, id, command, timeout);
  }

  /** Containers Shipshape manages on this host. */
  public List<Container> managed() {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.MANAGED, "true"))
        .exec();
  }

  private static Bind bind(VolumeMount v) {
    return new Bind(
        v.source(), new Volume(v.target()), v.readOnly() ? AccessMode.ro : AccessMode.rw);
  }

  private static InternetProtocol internetProtocol(String protocol) {
    return protocol == null ? InternetProtocol.TCP : InternetProtocol.parse(protocol);
  }

  private static RestartPolicy restartPolicy(String policy) {
    if (policy == null || policy.isBlank() || policy.equals("no")) {
      return RestartPolicy.noRestart();
    }
    return RestartPolicy.parse(policy);
  }
}
