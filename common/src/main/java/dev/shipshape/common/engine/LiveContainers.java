package dev.shipshape.common.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a service's live container on one engine: the container labelled for the stack and service
 * that is not a temporary copy a swap or a preflight runs beside it. The monitor and the host agent
 * must agree on which container that is, so both ask here.
 */
public final class LiveContainers {
  /** Name suffixes of the deployer's temporary copies (new, parked old, preflight). */
  private static final List<String> TEMPORARY = List.of("--next", "--prev", "--preflight");

  private LiveContainers() {}

  public static Optional<InspectContainerResponse> find(
      DockerClient docker, String stack, String service) {
    List<Container> candidates =
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(Labels.STACK, stack, Labels.SERVICE, service))
            .exec();
    for (Container c : candidates) {
      if (isLive(c.getNames()[0])) {
        try {
          return Optional.of(docker.inspectContainerCmd(c.getId()).exec());
        } catch (NotFoundException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** Whether a container name (with or without the engine's leading slash) is a live one. */
  public static boolean isLive(String name) {
    String n = name == null ? "" : name.replaceFirst("^/", "");
    return TEMPORARY.stream().noneMatch(n::endsWith);
  }
}
