package dev.shipshape.deployer.engine;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import dev.shipshape.common.engine.HealthCommands;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Parts.NetworkAttachment;
import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads back what a running container is — image, env, command, ports, volumes, labels, health
 * check, restart policy, networks and aliases — so that it can be recreated exactly during a
 * rollback.
 */
public final class ContainerSpecs {
  /**
   * Labels the deployer sets on every create from the job at hand; they describe the job, not the
   * service, and would make two identical configs differ.
   */
  private static final Set<String> JOB_LABELS =
      Set.of(
          Labels.STACK, Labels.SERVICE, Labels.HOST, Labels.UPDATE, Labels.IMAGE, Labels.MANAGED);

  /** The labels {@link #JOB_LABELS} names, for a container created for an update's job. */
  public static Map<String, String> jobLabels(
      String stack, String service, String host, String updateId, String image) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put(Labels.STACK, stack);
    labels.put(Labels.SERVICE, service);
    labels.put(Labels.HOST, host);
    labels.put(Labels.UPDATE, updateId);
    labels.put(Labels.IMAGE, image);
    return labels;
  }

  /** The engine's own networks: where a container lands that asks for none. */
  private static final Set<String> ENGINE_NETWORKS = Set.of("bridge", "host", "none", "podman");

  private ContainerSpecs() {}

  public static ServiceSpec specOf(InspectContainerResponse c) {
    ContainerConfig config = c.getConfig();
    Map<String, String> labels = new LinkedHashMap<>();
    if (config.getLabels() != null) {
      config
          .getLabels()
          .forEach(
              (k, v) -> {
                if (!JOB_LABELS.contains(k)) {
                  labels.put(k, v);
                }
              });
    }
    return new ServiceSpec(
        config.getImage(),
        c.getName().startsWith("/") ? c.getName().substring(1) : c.getName(),
        Images.envMap(config.getEnv()),
        config.getCmd() == null ? null : List.of(config.getCmd()),
        config.getEntrypoint() == null ? null : List.of(config.getEntrypoint()),
        ports(c),
        volumes(c),
        labels,
        HealthCommands.fromEngine(config.getHealthcheck()),
        c.getHostConfig().getRestartPolicy() == null
            ? null
            : c.getHostConfig().getRestartPolicy().toString(),
        networks(c));
  }

  /**
   * The networks the container joined, with the aliases it asked for: the engine also lists the
   * container's short id (and Podman its name) as aliases, which belong to this container only.
   */
  private static List<NetworkAttachment> networks(InspectContainerResponse c) {
    if (c.getNetworkSettings() == null || c.getNetworkSettings().getNetworks() == null) {
      return List.of();
    }
    String name = c.getName().startsWith("/") ? c.getName().substring(1) : c.getName();
    Set<String> own = Set.of(c.getId().substring(0, 12), name);
    return new TreeMap<>(c.getNetworkSettings().getNetworks())
        .entrySet().stream()
            .filter(e -> !ENGINE_NETWORKS.contains(e.getKey()))
            .map(
                e ->
                    new NetworkAttachment(
                        e.getKey(),
                        Images.list(e.getValue().getAliases()).stream()
                            .filter(a -> !own.contains(a))
                            .toList()))
            .toList();
  }

  private static List<PortBinding> ports(InspectContainerResponse c) {
    List<PortBinding> ports = new ArrayList<>();
    Ports bindings = c.getHostConfig().getPortBindings();
    if (bindings == null) {
      return ports;
    }
    for (Map.Entry<ExposedPort, Ports.Binding[]> e : bindings.getBindings().entrySet()) {
      if (e.getValue() == null) {
        continue;
      }
      for (Ports.Binding b : e.getValue()) {
        ports.add(
            new PortBinding(
                e.getKey().getPort(),
                e.getKey().getProtocol().toString(),
                b.getHostIp() == null || b.getHostIp().isEmpty() ? null : b.getHostIp(),
                Integer.parseInt(b.getHostPortSpec())));
      }
    }
    return ports;
  }

  private static List<VolumeMount> volumes(InspectContainerResponse c) {
    List<VolumeMount> volumes = new ArrayList<>();
    if (c.getMounts() == null) {
      return volumes;
    }
    for (InspectContainerResponse.Mount m : c.getMounts()) {
      boolean named = m.getName() != null && !m.getName().isEmpty();
      volumes.add(
          new VolumeMount(
              named ? m.getName() : m.getSource(),
              m.getDestination().getPath(),
              named,
              Boolean.FALSE.equals(m.getRW())));
    }
    return volumes;
  }
}
