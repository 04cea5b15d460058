package dev.shipshape.backup.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import dev.shipshape.backup.BackupFailure;
import dev.shipshape.backup.config.BackupSettings;
import dev.shipshape.common.engine.ContainerLogs;
import dev.shipshape.common.engine.Exec;
import dev.shipshape.common.engine.HealthCommands;
import dev.shipshape.common.engine.Labels;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.jboss.logging.Logger;

/**
 * What the backup service does to containers: find the service's container, stop and start it
 * cleanly (never a kill), wait until it is ready, and run throw-away scratch containers of the same
 * image without volumes or ports, removed whatever happens.
 */
@ApplicationScoped
public class Containers {
  private static final Logger LOG = Logger.getLogger(Containers.class);
  private static final Duration POLL = Duration.ofMillis(200);

  private final BackupSettings settings;

  public Containers(BackupSettings settings) {
    this.settings = settings;
  }

  /** The container, or a {@code container} failure that names it. */
  public InspectContainerResponse require(DockerClient docker, String host, String name) {
    try {
      return docker.inspectContainerCmd(name).exec();
    } catch (NotFoundException e) {
      throw new BackupFailure("container", "container " + name + " does not exist on " + host);
    }
  }

  /** The container's environment as a map (values may be secrets: never log them). */
  public static Map<String, String> env(InspectContainerResponse c) {
    Map<String, String> env = new LinkedHashMap<>();
    String[] pairs = c.getConfig().getEnv();
    if (pairs != null) {
      for (String pair : pairs) {
        int eq = pair.indexOf('=');
        if (eq > 0) {
          env.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
      }
    }
    return env;
  }

  public void stop(DockerClient docker, String id) {
    try {
      docker.stopContainerCmd(id).withTimeout((int) settings.stopTimeout().toSeconds()).exec();
    } catch (NotModifiedException e) {
      // already stopped
    }
  }

  public void start(DockerClient docker, String id) {
    try {
      docker.startContainerCmd(id).exec();
    } catch (NotModifiedException e) {
      // already running
    }
  }

  /**
   * Waits until the container runs and its own health command passes (or, without one, it just
   * runs). The engine may run no health checks at all here, so the command is run by us.
   */
  public void awaitReady(DockerClient docker, String id, String check) {
    awaitReady(docker, id, check, null);
  }

  /** As above, with {@code command} (when not null) as the readiness test instead. */
  public void awaitReady(DockerClient docker, String id, String check, List<String> command) {
    Instant deadline = Instant.now().plus(settings.readyTimeout());
    String last = "";
    while (Instant.now().isBefore(deadline)) {
      InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
      if (!Boolean.TRUE.equals(c.getState().getRunning())) {
        throw new BackupFailure(
            check,
            "container " + name(c) + " exited with code " + c.getState().getExitCodeLong(),
            logTail(docker, id));
      }
      List<String> health =
          command != null ? command : HealthCommands.command(c.getConfig().getHealthcheck());
      if (health.isEmpty()) {
        return;
      }
      Exec.Captured result = Exec.capture(docker, id, health, Map.of(), Duration.ofSeconds(10));
      if (result.result().ok()) {
        return;
      }
      last = result.result().stderrTail() + result.stdout();
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new BackupFailure(
        check,
        "container " + id + " was not ready within " + settings.readyTimeout(),
        last.isBlank() ? logTail(docker, id) : last.strip());
  }

  /** Creates and starts a scratch container of the image: no volumes, no published ports. */
  public String startScratch(
      DockerClient docker, String image, String name, Map<String, String> env, List<String> cmd) {
    String id = createScratch(docker, image, name, env, cmd);
    try {
      // The engine may answer 304 (already started) to a start that did start it.
      start(docker, id);
    } catch (RuntimeException e) {
      removeScratch(docker, id);
      throw new BackupFailure(
          "restore", "scratch container of " + image + " did not start", e.getMessage());
    }
    return id;
  }

  /** Creates a scratch container of the image and starts it: no volumes, no published ports. */
  public String createScratch(
      DockerClient docker, String image, String name, Map<String, String> env, List<String> cmd) {
    CreateContainerCmd create =
        docker
            .createContainerCmd(image)
            .withName(name)
            .withLabels(Map.of(Labels.SCRATCH, "true"))
            .withEnv(env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
            .withStopTimeout((int) settings.stopTimeout().toSeconds())
            .withHostConfig(HostConfig.newHostConfig());
    if (cmd != null && !cmd.isEmpty()) {
      create.withCmd(cmd);
    }
    String id = create.exec().getId();
    try {
      docker.startContainerCmd(id).exec();
    } catch (RuntimeException e) {
      removeScratch(docker, id);
      throw new BackupFailure(
          "restore", "scratch container of " + image + " did not start", e.getMessage());
    }
    return id;
  }

  /** Every scratch container on the engine, running or not. */
  public static List<Container> scratch(DockerClient docker) {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.SCRATCH, "true"))
        .exec();
  }

  /** Removes every scratch container on the engine; returns how many there were. */
  public int removeAllScratch(DockerClient docker) {
    List<String> ids = scratch(docker).stream().map(Container::getId).toList();
    ids.forEach(id -> removeScratch(docker, id));
    return ids.size();
  }

  /** Removes a scratch container and its anonymous volumes; never fails the caller. */
  public void removeScratch(DockerClient docker, String id) {
    try {
      docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
    } catch (NotFoundException e) {
      // already gone
    } catch (RuntimeException e) {
      LOG.warnf("could not remove scratch container %s: %s", id, e.getMessage());
    }
  }

  /** The last lines the container logged, for evidence. */
  public static String logTail(DockerClient docker, String id) {
    return ContainerLogs.tail(docker, id, 20);
  }

  private static String name(InspectContainerResponse c) {
    return c.getName() == null ? c.getId() : c.getName().replaceFirst("^/", "");
  }
}
