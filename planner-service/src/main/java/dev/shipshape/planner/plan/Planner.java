package dev.shipshape.planner.plan;

import dev.shipshape.common.event.Parts.Migration;
import dev.shipshape.common.event.Parts.PlannedStep;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Parts.Wave;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.compose.ComposeService;
import dev.shipshape.planner.registry.ImagePins;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Turns a valid request into waves: the canary host(s) first, then batches of at most maxParallel
 * hosts; on each host the changed services in tier order (databases, vector stores, model servers,
 * agents), consistent with depends_on. Pure logic.
 */
public final class Planner {
  private Planner() {}

  /** What Shipshape last deployed for a service on a host, or null when it never did. */
  @FunctionalInterface
  public interface Running {
    /** Stands for "nothing runs there": a first deploy creates it and has nothing to back up. */
    ServiceSpec ABSENT =
        new ServiceSpec(null, null, null, null, null, null, null, null, null, null, null);

    ServiceSpec spec(String host, String service);

    /** For a stack registered as a first deploy: never deployed by Shipshape means absent. */
    static Running absentWhereNeverDeployed(Running deployed) {
      return (host, service) -> {
        ServiceSpec spec = deployed.spec(host, service);
        return spec == null ? ABSENT : spec;
      };
    }
  }

  /** Plans against the compose file alone, as if nothing had been deployed since. */
  public static List<Wave> plan(
      ComposeFile stack, List<String> stackHosts, UpdateRequested request) {
    return plan(stack, stackHosts, request, ImagePins.NONE);
  }

  /** As above, each step's image pinned to the digest its registry resolved at validation. */
  public static List<Wave> plan(
      ComposeFile stack, List<String> stackHosts, UpdateRequested request, ImagePins pins) {
    return plan(stack, stackHosts, request, pins, (host, service) -> null);
  }

  /**
   * Plans against what runs: a service counts as changed on a host when the target differs from
   * what Shipshape last deployed there, or from the compose file where it never deployed.
   */
  public static List<Wave> plan(
      ComposeFile stack,
      List<String> stackHosts,
      UpdateRequested request,
      ImagePins pins,
      Running running) {
    Rollout rollout = request.rollout() == null ? Rollout.defaults() : request.rollout();
    List<String> hosts =
        request.hosts() == null || request.hosts().isEmpty() ? stackHosts : request.hosts();
    List<String> canaries =
        rollout.canaryHosts() == null || rollout.canaryHosts().isEmpty()
            ? List.of(hosts.get(0))
            : rollout.canaryHosts().stream().filter(hosts::contains).toList();
    List<String> rest = hosts.stream().filter(h -> !canaries.contains(h)).toList();
    int batch = Math.max(1, rollout.maxParallel());

    List<ComposeService> changed = changedInOrder(stack, request.services());
    List<Wave> waves = new ArrayList<>();
    waves.add(wave(0, true, canaries, changed, request.services(), pins, running));
    for (int i = 0; i < rest.size(); i += batch) {
      waves.add(
          wave(
              waves.size(),
              false,
              rest.subList(i, Math.min(rest.size(), i + batch)),
              changed,
              request.services(),
              pins,
              running));
    }
    return waves;
  }

  /** The services the request names, in tier order and, within a tier, depends_on order. */
  static List<ComposeService> changedInOrder(
      ComposeFile stack, Map<String, ServiceChange> changes) {
    return stack.order().stream()
        .filter(changes::containsKey)
        .map(stack.services()::get)
        .sorted(
            Comparator.comparing(ComposeService::tier)
                .thenComparing(s -> stack.order().indexOf(s.name())))
        .toList();
  }

  private static boolean changes(ComposeService service, ServiceChange change, ServiceSpec now) {
    if (now == Running.ABSENT) {
      return true;
    }
    String image = now != null ? now.image() : service.image();
    Map<String, String> env = now != null && now.env() != null ? now.env() : service.environment();
    boolean newImage = !change.image().equals(image);
    boolean newEnv =
        change.env() != null
            && change.env().entrySet().stream()
                .anyMatch(e -> !e.getValue().equals(env.get(e.getKey())));
    return newImage || newEnv;
  }

  private static Wave wave(
      int index,
      boolean canary,
      List<String> hosts,
      List<ComposeService> services,
      Map<String, ServiceChange> changes,
      ImagePins pins,
      Running running) {
    List<PlannedStep> steps = new ArrayList<>();
    for (String host : hosts) {
      for (ComposeService s : services) {
        if (!changes(s, changes.get(s.name()), running.spec(host, s.name()))) {
          continue;
        }
        Migration migration = changes.get(s.name()).migration();
        boolean migrates = migration != null && migration.present();
        steps.add(
            new PlannedStep(
                host,
                s.name(),
                s.tier(),
                pins.pinned(changes.get(s.name()).image()),
                s.stateful(),
                s.stateful() || migrates,
                // A fixed host port, or data that is not declared shareable: two copies cannot run
                // at once (the deployer applies the same rule to every swap it makes).
                s.fixedHostPort() || (s.writesData() && !s.shareable())
                    ? Strategy.STOP_FIRST
                    : Strategy.START_FIRST));
      }
    }
    return new Wave(index, canary, List.copyOf(hosts), steps);
  }
}
