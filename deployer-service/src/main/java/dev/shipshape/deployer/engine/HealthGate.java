package dev.shipshape.deployer.engine;

import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.HealthCheck;
import dev.shipshape.common.engine.Exec;
import dev.shipshape.common.engine.HealthCommands;
import dev.shipshape.deployer.config.DeployerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether a new container is healthy. The engine's own health status counts where the
 * engine runs checks; where it does not (no systemd, or an engine that never schedules them), the
 * gate runs the image's health command itself. Either way the container must also stay up for a
 * minimum time, so that one that crashes right after its first good check is caught here, and a
 * container without any health check needs only that. A container that exits fails at once.
 */
@ApplicationScoped
public class HealthGate {
  private static final Duration POLL = Duration.ofMillis(250);

  private final ContainerEngine engine;
  private final DeployerSettings settings;

  public HealthGate(ContainerEngine engine, DeployerSettings settings) {
    this.engine = engine;
    this.settings = settings;
  }

  /** The gate's verdict; {@code reason} says why a container failed it. */
  public record Verdict(boolean healthy, String reason) {}

  public Verdict await(String containerId) {
    Instant deadline = Instant.now().plus(settings.healthTimeout());
    Instant stableAt = Instant.now().plus(settings.minimumUptime());
    String healthyBecause = null;
    int ownFailures = 0;
    Instant nextOwnCheck = Instant.now().plus(Duration.ofSeconds(1));
    String lastOutput = "";
    while (Instant.now().isBefore(deadline)) {
      InspectContainerResponse c = engine.find(containerId).orElse(null);
      if (c == null) {
        return new Verdict(false, "container " + containerId + " disappeared");
      }
      InspectContainerResponse.ContainerState state = c.getState();
      if (!Boolean.TRUE.equals(state.getRunning())) {
        return new Verdict(
            false,
            "container exited with code " + state.getExitCodeLong() + " before it was healthy");
      }
      HealthCheck check = c.getConfig().getHealthcheck();
      boolean hasCheck = HealthCommands.declared(check);
      if (hasCheck && healthyBecause == null) {
        HealthState health = state.getHealth();
        String status = health == null ? null : health.getStatus();
        if ("healthy".equals(status)) {
          healthyBecause = "engine reports healthy";
        } else if ("unhealthy".equals(status)) {
          return new Verdict(false, "engine reports unhealthy: " + lastLog(health));
        } else if (!Instant.now().isBefore(nextOwnCheck)) {
          Exec.Outcome result =
              engine.exec(containerId, HealthCommands.command(check), Duration.ofSeconds(5));
          if (result.ok()) {
            healthyBecause = "health command passed";
          } else {
            ownFailures++;
            lastOutput = result.output().strip();
            int retries =
                check.getRetries() == null || check.getRetries() <= 0 ? 3 : check.getRetries();
            if (ownFailures > retries) {
              return new Verdict(
                  false, "health command failed " + ownFailures + " times: " + lastOutput);
            }
            nextOwnCheck = Instant.now().plus(interval(check));
          }
        }
      }
      if ((healthyBecause != null || !hasCheck) && !Instant.now().isBefore(stableAt)) {
        return new Verdict(
            true, healthyBecause != null ? healthyBecause : "running without a health check");
      }
      pause();
    }
    return new Verdict(
        false,
        "not healthy within "
            + settings.healthTimeout()
            + (lastOutput.isEmpty() ? "" : ": " + lastOutput));
  }

  private static Duration interval(HealthCheck check) {
    long nanos = check.getInterval() == null ? 0 : check.getInterval();
    Duration interval = Duration.ofNanos(nanos);
    return interval.isZero() || interval.compareTo(Duration.ofSeconds(5)) > 0
        ? Duration.ofSeconds(2)
        : interval;
  }

  private static String lastLog(HealthState health) {
    if (health.getLog() == null || health.getLog().isEmpty()) {
      return "no check output";
    }
    String output = health.getLog().get(health.getLog().size() - 1).getOutput();
    return output == null || output.isBlank() ? "check failed without output" : output.strip();
  }

  private static void pause() {
    try {
      Thread.sleep(POLL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while waiting for health");
    }
  }
}
