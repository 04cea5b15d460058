package dev.shipshape.deployer.probe;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.probe.GoldenCheck;
import dev.shipshape.common.probe.GoldenRequest;
import dev.shipshape.deployer.config.DeployerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The golden requests a new container carries (label {@code dev.shipshape.golden}), sent to it once
 * it is healthy: a release that is up but answers wrongly fails its deploy here, with the request,
 * what was expected and the answer as the reason.
 */
@ApplicationScoped
public class GoldenGate {
  private final ContainerProber prober;
  private final DeployerSettings settings;

  public GoldenGate(ContainerProber prober, DeployerSettings settings) {
    this.prober = prober;
    this.settings = settings;
  }

  /** Why the container fails its golden requests; empty when it passes them or has none. */
  public Optional<String> failure(InspectContainerResponse container) {
    Map<String, String> labels = container.getConfig().getLabels();
    List<GoldenRequest> requests;
    try {
      requests = GoldenCheck.fromLabel(labels == null ? null : labels.get(Labels.GOLDEN));
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
    for (GoldenRequest request : requests) {
      Optional<String> mismatch =
          GoldenCheck.mismatch(request, prober.send(container, request, settings.probeTimeout()));
      if (mismatch.isPresent()) {
        return mismatch;
      }
    }
    return Optional.empty();
  }
}
