package dev.shipshape.planner.plan;

import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Parts.Migration;
import dev.shipshape.common.event.Parts.NetworkAttachment;
import dev.shipshape.common.event.Parts.PlannedStep;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Parts.SwapChoice;
import dev.shipshape.common.event.Parts.Wave;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.image.ImageReference;
import dev.shipshape.common.swap.SwapRule;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.compose.ComposeService;
import dev.shipshape.planner.registry.ImagePins;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

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

    List<ComposeService> changed = changedInOrder(stack, request.services().keySet());
    List<Wave> waves = new ArrayList<>();
    waves.add(wave(request.stack(), 0, true, canaries, changed, request.services(), pins, running));
    for (int i = 0; i < rest.size(); i += batch) {
      waves.add(
          wave(
              request.stack(),
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

  /**
   * The order an update takes through every service of the stack: tier order and, within a tier,
   * depends_on order.
   */
  public static List<String> updateOrder(ComposeFile stack) {
    return changedInOrder(stack, stack.services().keySet()).stream()
        .map(ComposeService::name)
        .toList();
  }

  /**
   * How the service's container is swapped, by the deployer's own rule applied to the spec built
   * from the compose file, so the plan and the deployer agree.
   */
  public static SwapChoice swap(String stack, ComposeService service) {
    ServiceSpec spec =
        ServiceSpecs.target(
            stack, service, new ServiceChange(service.image(), null, null), null, null);
    return SwapRule.decide(spec, Strategy.START_FIRST);
  }

  /** The services the request names, in tier order and, within a tier, depends_on order. */
  static List<ComposeService> changedInOrder(ComposeFile stack, Set<String> named) {
    return stack.order().stream()
        .filter(named::contains)
        .map(stack.services()::get)
        .sorted(
            Comparator.comparing(ComposeService::tier)
                .thenComparing(s -> stack.order().indexOf(s.name())))
        .toList();
  }

  /**
   * Whether deploying the request's change would give the host something other than what runs:
   * another image (by repository and digest, or tag where no digest is known — {@code
   * postgres:16.4} and its pinned {@code postgres:16.4@sha256:…} are the same image), other env
   * values, or another container config because the stack's compose file changed since. Shipshape's
   * own window label is not config: a longer watch alone deploys nothing.
   */
  static boolean changes(
      String stack, ComposeService service, ServiceChange change, ServiceSpec now, ImagePins pins) {
    if (now == Running.ABSENT) {
      return true;
    }
    String image = now != null ? now.image() : service.image();
    if (!sameImage(pins.pinned(change.image()), image)) {
      return true;
    }
    Map<String, String> env =
        now != null && now.env() != null
            ? now.env()
            : service.environment() == null ? Map.of() : service.environment();
    boolean newEnv =
        change.env() != null
            && change.env().entrySet().stream()
                .anyMatch(e -> !e.getValue().equals(env.get(e.getKey())));
    if (newEnv || now == null) {
      // Never deployed by Shipshape: the compose file is what runs, so its config is unchanged.
      return newEnv;
    }
    ServiceSpec target = ServiceSpecs.target(stack, service, change, now, null);
    return !sameConfig(stack, service.name(), target, now);
  }

  private static boolean sameImage(String wanted, String running) {
    if (running == null || running.isEmpty()) {
      return false;
    }
    try {
      return ImageReference.parse(wanted).sameImage(ImageReference.parse(running));
    } catch (IllegalArgumentException e) {
      return false; // what cannot be read cannot be shown to be the same
    }
  }

  /** The container config without image, env and Shipshape's window label. */
  static boolean sameConfig(String stack, String service, ServiceSpec target, ServiceSpec now) {
    return comparable(stack, service, target).equals(comparable(stack, service, now));
  }

  private static ServiceSpec comparable(String stack, String service, ServiceSpec spec) {
    Map<String, String> labels = new TreeMap<>(spec.labels() == null ? Map.of() : spec.labels());
    labels.remove(ServiceSpecs.WINDOW_LABEL);
    // Who depends on a service says how it is watched, not how it runs.
    labels.remove(Labels.DEPENDANTS);
    // No networks on a recorded spec means compose's default network, as the deployer reads it.
    List<NetworkAttachment> networks =
        spec.networks() == null || spec.networks().isEmpty()
            ? List.of(NetworkAttachment.composeDefault(stack, service))
            : spec.networks();
    return new ServiceSpec(
        null,
        spec.containerName(),
        null,
        spec.command(),
        spec.entrypoint(),
        spec.ports(),
        spec.volumes(),
        labels,
        spec.healthCheck(),
        spec.restartPolicy(),
        networks);
  }

  private static Wave wave(
      String stack,
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
        if (!changes(stack, s, changes.get(s.name()), running.spec(host, s.name()), pins)) {
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
                swap(stack, s).strategy()));
      }
    }
    return new Wave(index, canary, List.copyOf(hosts), steps);
  }
}
