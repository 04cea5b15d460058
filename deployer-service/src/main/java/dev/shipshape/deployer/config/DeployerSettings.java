package dev.shipshape.deployer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How this host agent deploys. */
@ConfigMapping(prefix = "shipshape.deployer")
public interface DeployerSettings {
  /** How long a new container may take to become healthy. */
  @WithDefault("60s")
  Duration healthTimeout();

  /** How long a container without any health check must keep running to count as healthy. */
  @WithDefault("3s")
  Duration minimumUptime();

  /** Grace period given to a container's main process on stop, before it is killed. */
  @WithDefault("10s")
  Duration stopTimeout();

  /** Lines that mark a failed preflight when the new image logs them. */
  @WithDefault("(?i)\\b(error|fatal|panic|exception)\\b")
  String errorPattern();

  /** The longest a probe asked of this agent may take, and its bound when the caller names none. */
  @WithDefault("5s")
  Duration probeTimeout();

  /**
   * How often the worker looks for queued jobs it was not woken for. The scheduler reads the
   * property itself; it is declared here so that an unreadable value stops startup naming it.
   */
  @WithDefault("2s")
  Duration pollInterval();

  /** Log lines kept in a deploy.failed event. */
  @WithDefault("40")
  int logTailLines();

  /**
   * Fault injection for crash-safety tests only: the agent halts at once, as if killed, at the
   * named point of a swap ({@code after-create}, {@code after-start}, {@code after-stop-old},
   * {@code before-rename}). Never set in production.
   */
  Optional<String> crashAt();
}
