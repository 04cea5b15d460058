package dev.shipshape.deployer.engine;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.Ports;
import dev.shipshape.common.event.Parts;
import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Reads back what a running container is — image, env, command, ports, volumes, labels, health
 * check, restart policy — so that it can be recreated exactly during a rollback.
 */
public final class ContainerSpecs {
  private ContainerSpecs() {}

  public static ServiceSpec specOf(InspectContainerResponse c) {
    ContainerConfig config = c.getConfig();
    Map<String, String> labels = new LinkedHashMap<>();
    if (config.getLabels() != null) {
      config
          .getLabels()
          .forEach(
              (k, v) -> {
                if (!k.startsWith("dev.shipshape.")) {
                  labels.put(k, v);
                }
              });
    }
    return new ServiceSpec(
        config.getImage(),
        c.getName().startsWith("/") ? c.getName().substring(1) : c.getName(),
        ContainerEngine.envMap(config.getEnv()),
        config.getCmd() == null ? null : List.of(config.getCmd()),
        config.getEntrypoint() == null ? null : List.of(config.getEntrypoint()),
        ports(c),
        volumes(c),
        labels,
        healthCheck(config.getHealthcheck()),
        c.getHostConfig().getRestartPolicy() == null
            ? null
            : c.getHostConfig().getRestartPolicy().toString());
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

  private static Parts.HealthCheck healthCheck(HealthCheck h) {
    if (h == null || h.getTest() == null || h.getTest().isEmpty()) {
      return null;
    }
    return new Parts.HealthCheck(
        List.copyOf(h.getTest()),
        h.getInterval() == null ? 0 : TimeUnit.NANOSECONDS.toMillis(h.getInterval()),
        h.getTimeout() == null ? 0 : TimeUnit.NANOSECONDS.toMillis(h.getTimeout()),
        h.getRetries() == null ? 0 : h.getRetries());
  }
}
