package dev.shipshape.planner.plan;

import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Parts.NetworkAttachment;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.VolumeMount;
import dev.shipshape.common.probe.GoldenCheck;
import dev.shipshape.planner.compose.ComposeService;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the spec a deployer creates a container from: the compose service as docker compose would
 * run it (same container and volume names, so a stack started by {@code docker compose up} is
 * adopted), the running config it starts from, and the request's change on top. Pure logic.
 */
public final class ServiceSpecs {
  /**
   * Kept only for {@code UpdateSaga}, which is being rewritten on another branch; new code uses
   * {@link Labels#WINDOW}.
   */
  public static final String WINDOW_LABEL = Labels.WINDOW;

  private ServiceSpecs() {}

  /**
   * The target spec. {@code running} is the spec Shipshape last deployed there (null when it never
   * did): its env is the base, so changes of earlier updates are kept.
   */
  public static ServiceSpec target(
      String stack,
      ComposeService service,
      ServiceChange change,
      ServiceSpec running,
      String window) {
    Map<String, String> env =
        new LinkedHashMap<>(
            running != null && running.env() != null
                ? running.env()
                : service.environment() == null ? Map.of() : service.environment());
    if (change.env() != null) {
      env.putAll(change.env());
    }
    Map<String, String> labels = new LinkedHashMap<>();
    if (service.labels() != null) {
      labels.putAll(service.labels());
    }
    labels.put("com.docker.compose.project", stack);
    labels.put("com.docker.compose.service", service.name());
    if (window != null) {
      labels.put(Labels.WINDOW, window);
    }
    if (service.probe() != null) {
      labels.put(Labels.PROBE, service.probe());
    }
    if (service.golden() != null && !service.golden().isEmpty()) {
      labels.put(Labels.GOLDEN, GoldenCheck.toLabel(service.golden()));
    }
    if (service.dbErrors() != null) {
      labels.put(Labels.DB_ERRORS, service.dbErrors());
    }
    if (service.dependants() != null && !service.dependants().isEmpty()) {
      labels.put(Labels.DEPENDANTS, String.join(",", service.dependants()));
    }
    if (service.shareable()) {
      labels.put(Labels.SHAREABLE, "true");
    }
    return new ServiceSpec(
        change.image(),
        containerName(stack, service),
        env,
        emptyAsNull(service.command()),
        emptyAsNull(service.entrypoint()),
        emptyAsNull(service.ports()),
        service.volumes() == null ? null : volumes(stack, service.volumes()),
        labels,
        service.healthCheck(),
        service.restart(),
        List.of(NetworkAttachment.composeDefault(stack, service.name())));
  }

  /** The name docker compose gives a service's first container. */
  public static String containerName(String stack, ComposeService service) {
    return service.containerName() != null && !service.containerName().isBlank()
        ? service.containerName()
        : stack + "-" + service.name() + "-1";
  }

  /** Named volumes carry the project prefix docker compose gives them. */
  static List<VolumeMount> volumes(String stack, List<VolumeMount> mounts) {
    return mounts.stream()
        .map(
            m ->
                m.named()
                    ? new VolumeMount(stack + "_" + m.source(), m.target(), true, m.readOnly())
                    : m)
        .toList();
  }

  private static <T> List<T> emptyAsNull(List<T> list) {
    return list == null || list.isEmpty() ? null : list;
  }
}
