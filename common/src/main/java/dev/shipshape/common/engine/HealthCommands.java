package dev.shipshape.common.engine;

import com.github.dockerjava.api.model.HealthCheck;
import dev.shipshape.common.event.Parts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A service's health check in its three forms: the compose file's {@code healthcheck.test} (a
 * string, or a list starting {@code CMD}, {@code CMD-SHELL} or {@code NONE}), the engine's {@link
 * HealthCheck} on a container, and the command to exec where the engine runs no checks itself.
 * Compose, the deployer and the monitor must read the forms alike, so they all read them here.
 */
public final class HealthCommands {
  private HealthCommands() {}

  /**
   * The engine's test for a compose {@code healthcheck.test}: a string runs through the shell
   * ({@code CMD-SHELL}), a list is taken as written; null for none ({@code NONE} or no test).
   */
  public static List<String> fromCompose(Object test) {
    List<String> command;
    if (test instanceof List<?> list) {
      command = list.stream().map(String::valueOf).toList();
    } else if (test != null) {
      command = List.of("CMD-SHELL", String.valueOf(test));
    } else {
      return null;
    }
    return !command.isEmpty() && command.get(0).equals("NONE") ? null : command;
  }

  /** The engine's health check for a service spec's. */
  public static HealthCheck toEngine(Parts.HealthCheck spec) {
    return new HealthCheck()
        .withTest(spec.test())
        .withInterval(TimeUnit.MILLISECONDS.toNanos(spec.intervalMs()))
        .withTimeout(TimeUnit.MILLISECONDS.toNanos(spec.timeoutMs()))
        .withRetries(spec.retries());
  }

  /** A container's health check as a service spec's, so that it can be recreated as it was. */
  public static Parts.HealthCheck fromEngine(HealthCheck check) {
    if (check == null || check.getTest() == null || check.getTest().isEmpty()) {
      return null;
    }
    return new Parts.HealthCheck(
        List.copyOf(check.getTest()),
        check.getInterval() == null ? 0 : TimeUnit.NANOSECONDS.toMillis(check.getInterval()),
        check.getTimeout() == null ? 0 : TimeUnit.NANOSECONDS.toMillis(check.getTimeout()),
        check.getRetries() == null ? 0 : check.getRetries());
  }

  /** Whether a container declares a health check (one that is not {@code NONE}). */
  public static boolean declared(HealthCheck check) {
    return check != null
        && check.getTest() != null
        && !check.getTest().isEmpty()
        && !"NONE".equals(check.getTest().get(0));
  }

  /** The command to exec for a container's health check; empty for none. */
  public static List<String> command(HealthCheck check) {
    return check == null ? List.of() : command(check.getTest());
  }

  /**
   * The command to exec for an engine test: {@code CMD} runs as given, {@code CMD-SHELL} through
   * {@code sh -c}; empty for none ({@code NONE}, or no test).
   */
  public static List<String> command(List<String> test) {
    if (test == null || test.isEmpty()) {
      return List.of();
    }
    List<String> rest = new ArrayList<>(test.subList(1, test.size()));
    return switch (test.get(0)) {
      case "NONE" -> List.of();
      case "CMD" -> rest;
      case "CMD-SHELL" -> List.of("/bin/sh", "-c", String.join(" ", rest));
      default -> test;
    };
  }
}
