package dev.shipshape.deployer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Frame;
import java.util.concurrent.TimeUnit;

/**
 * The baseline: what the engine alone takes to create, start and first report a container healthy,
 * checking health the way an operator's script would (the image's own health command, every 50 ms).
 */
final class RawEngine {
  private RawEngine() {}

  static long createStartHealthy(DockerClient docker, String image, String name)
      throws InterruptedException {
    long t0 = System.nanoTime();
    String id = docker.createContainerCmd(image).withName(name).withStopTimeout(10).exec().getId();
    try {
      docker.startContainerCmd(id).exec();
      while (!healthy(docker, id)) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
      return (System.nanoTime() - t0) / 1_000_000;
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }

  private static boolean healthy(DockerClient docker, String id) throws InterruptedException {
    InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
    if (c.getState().getHealth() != null
        && "healthy".equals(c.getState().getHealth().getStatus())) {
      return true;
    }
    Long code =
        exec(docker, id, "/bin/sh", "-c", "wget -q -O /dev/null http://127.0.0.1:8080/version");
    return code != null && code == 0;
  }

  /** Runs a command in the container and returns its exit code (null if it did not end in 5 s). */
  static Long exec(DockerClient docker, String id, String... command) throws InterruptedException {
    String exec =
        docker
            .execCreateCmd(id)
            .withCmd(command)
            .withAttachStdout(true)
            .withAttachStderr(true)
            .exec()
            .getId();
    docker
        .execStartCmd(exec)
        .exec(new ResultCallback.Adapter<Frame>())
        .awaitCompletion(5, TimeUnit.SECONDS);
    return docker.inspectExecCmd(exec).exec().getExitCodeLong();
  }
}
