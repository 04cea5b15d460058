package dev.shipshape.common.swap;

import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Parts.SwapChoice;
import dev.shipshape.common.event.Parts.VolumeMount;
import java.util.List;
import java.util.Optional;

/**
 * How a service's container may be replaced, decided from the spec it is created from: stop-first
 * when two copies cannot run at once — a fixed host port, or a writable mount (never two writers on
 * one volume) unless the service is labelled shareable — or when stop-first is asked for; otherwise
 * start-first. The one rule for every swap: the deployer applies it to deploy, rollback and
 * compensation, and the planner uses it to plan and to show a stack, so both say the same. Pure
 * logic.
 */
public final class SwapRule {
  private SwapRule() {}

  /** The strategy for a swap to {@code spec}; {@code requested} is what the command asked for. */
  public static SwapChoice decide(ServiceSpec spec, Strategy requested) {
    Optional<PortBinding> fixedPort =
        list(spec.ports()).stream().filter(p -> p.hostPort() > 0).findFirst();
    if (fixedPort.isPresent()) {
      return new SwapChoice(
          Strategy.STOP_FIRST,
          "publishes host port " + fixedPort.get().hostPort() + ", which two copies cannot bind");
    }
    Optional<VolumeMount> data =
        list(spec.volumes()).stream().filter(v -> !v.readOnly()).findFirst();
    boolean shareable = spec.labels() != null && "true".equals(spec.labels().get(Labels.SHAREABLE));
    if (data.isPresent() && !shareable) {
      VolumeMount v = data.get();
      return new SwapChoice(
          Strategy.STOP_FIRST,
          "writes to "
              + (v.named() ? "volume " : "bind mount ")
              + v.source()
              + " at "
              + v.target()
              + ": never two writers on one volume");
    }
    if (requested == Strategy.STOP_FIRST) {
      return new SwapChoice(Strategy.STOP_FIRST, "stop-first was asked for");
    }
    return new SwapChoice(
        Strategy.START_FIRST,
        data.isPresent()
            ? "its data mounts are declared shareable"
            : "no fixed host port and no writable mount");
  }

  private static <T> List<T> list(List<T> values) {
    return values == null ? List.of() : values;
  }
}
