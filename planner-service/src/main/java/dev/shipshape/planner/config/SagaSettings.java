package dev.shipshape.planner.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How long the planner waits for each answer before it fails the step with a clear reason. */
@ConfigMapping(prefix = "shipshape.planner")
public interface SagaSettings {
  /** backup.requested → backup.verified (a large database takes minutes to dump and restore). */
  @WithDefault("30m")
  Duration backupTimeout();

  /** deploy.requested → deploy.done. */
  @WithDefault("15m")
  Duration deployTimeout();

  /** The monitor's window when neither the request nor the stack sets one. */
  @WithDefault("15m")
  Duration monitorWindow();

  /** How long after the window a missing release.verified counts as a failure. */
  @WithDefault("5m")
  Duration verifyMargin();

  /** rollback.triggered → rollback.done. */
  @WithDefault("10m")
  Duration rollbackTimeout();

  /** restore.requested → restore.done. */
  @WithDefault("30m")
  Duration restoreTimeout();

  /** rollback.done → the monitor's rollback.verified or rollback.unresolved. */
  @WithDefault("5m")
  Duration confirmTimeout();

  /**
   * How often overdue waits are looked for. The scheduler reads the property itself; it is declared
   * here so that an unreadable value stops startup naming the property.
   */
  @WithDefault("2s")
  Duration deadlineCheck();
}
