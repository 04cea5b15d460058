package dev.shipshape.common.testing;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import dev.shipshape.common.engine.Labels;
import java.util.Map;

/** What a test leaves on a container engine, found by the stack label and removed. */
public final class TestStacks {
  private TestStacks() {}

  /** Force-removes every container of the stack, with its anonymous volumes if asked. */
  public static void removeContainers(DockerClient docker, String stack, boolean withVolumes) {
    for (Container c :
        docker
            .listContainersCmd()
            .withShowAll(true)
            .withLabelFilter(Map.of(Labels.STACK, stack))
            .exec()) {
      docker.removeContainerCmd(c.getId()).withForce(true).withRemoveVolumes(withVolumes).exec();
    }
  }
}
