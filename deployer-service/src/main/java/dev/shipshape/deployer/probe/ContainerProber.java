package dev.shipshape.deployer.probe;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.engine.LiveContainers;
import dev.shipshape.common.probe.GoldenAnswer;
import dev.shipshape.common.probe.GoldenRequest;
import dev.shipshape.common.probe.HttpProbe;
import dev.shipshape.common.probe.ProbeResult;
import dev.shipshape.deployer.config.DeployerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Runs an HTTP probe on a service's live container from this host, where the container's address on
 * the host's bridge is reachable (a central monitor cannot reach it). Only containers Shipshape
 * manages are probed.
 */
@ApplicationScoped
public class ContainerProber {
  private final DockerClient docker;
  private final String hostId;
  private final HttpProbe http;

  public ContainerProber(
      DockerClient docker,
      DeployerSettings settings,
      @ConfigProperty(name = "shipshape.host.id") String hostId) {
    this.docker = docker;
    this.hostId = hostId;
    this.http = new HttpProbe(settings.probeTimeout());
  }

  /** Probes the target; refuses (404, 403) a service with no live container or an unmanaged one. */
  public ProbeResult probe(String stack, String service, ProbeTarget target, Duration timeout) {
    InspectContainerResponse c = managed(stack, service);
    String name = c.getName().replaceFirst("^/", "");
    if (!Boolean.TRUE.equals(c.getState().getRunning())) {
      return ProbeResult.failed(
          "container " + name + " is not running (" + c.getState().getStatus() + ")");
    }
    return address(c)
        .map(a -> http.get(target.url(a), timeout))
        .orElseGet(() -> ProbeResult.failed("container " + name + " has no address on this host"));
  }

  /**
   * Sends a golden request to the service's live container; refuses (404, 403) as {@link #probe}
   * does.
   */
  public GoldenAnswer golden(
      String stack, String service, GoldenRequest request, Duration timeout) {
    return send(managed(stack, service), request, timeout);
  }

  /** Sends a golden request to a container of this host (a new one, before it takes over). */
  public GoldenAnswer send(InspectContainerResponse c, GoldenRequest request, Duration timeout) {
    String name = c.getName().replaceFirst("^/", "");
    Optional<ProbeTarget> target = ProbeTarget.parse(request.path());
    if (target.isEmpty()) {
      return GoldenAnswer.failed("path " + request.path() + " is not :PORT/PATH");
    }
    if (!Boolean.TRUE.equals(c.getState().getRunning())) {
      return GoldenAnswer.failed(
          "container " + name + " is not running (" + c.getState().getStatus() + ")");
    }
    return address(c)
        .map(a -> http.exchange(request.method(), target.get().url(a), request.body(), timeout))
        .orElseGet(() -> GoldenAnswer.failed("container " + name + " has no address on this host"));
  }

  /** The service's live container, if Shipshape manages it. */
  private InspectContainerResponse managed(String stack, String service) {
    InspectContainerResponse c =
        LiveContainers.find(docker, stack, service)
            .orElseThrow(
                () ->
                    new ProbeRefused(
                        404,
                        "no container of service "
                            + service
                            + " in stack "
                            + stack
                            + " on "
                            + hostId));
    String name = c.getName().replaceFirst("^/", "");
    Map<String, String> labels = c.getConfig().getLabels();
    if (labels == null || !"true".equals(labels.get(Labels.MANAGED))) {
      throw new ProbeRefused(
          403,
          "container "
              + name
              + " is not managed by Shipshape (no "
              + Labels.MANAGED
              + " label): this agent probes only containers it manages");
    }
    return c;
  }

  /** The container's address on one of its networks (the host's bridge or the stack's network). */
  private static Optional<String> address(InspectContainerResponse c) {
    Map<String, ContainerNetwork> networks = c.getNetworkSettings().getNetworks();
    return networks == null
        ? Optional.empty()
        : networks.values().stream()
            .map(ContainerNetwork::getIpAddress)
            .filter(a -> a != null && !a.isEmpty())
            .findFirst();
  }
}
