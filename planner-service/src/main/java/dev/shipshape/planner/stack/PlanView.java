package dev.shipshape.planner.stack;

import dev.shipshape.common.event.Parts.SwapChoice;
import dev.shipshape.common.event.Parts.Tier;
import dev.shipshape.common.event.Parts.VolumeMount;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.compose.ComposeService;
import dev.shipshape.planner.plan.BackupPlan;
import dev.shipshape.planner.plan.Planner;
import dev.shipshape.planner.plan.ServiceSpecs;
import dev.shipshape.planner.policy.ImagePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What Shipshape understood of a registered compose file: per service its tier, image, the data it
 * keeps and how that is backed up, how its container is swapped, what it depends on and where it
 * comes in an update, its networks — and findings, each with what to do. Built by pure logic from
 * the file and the environment's policy.
 */
public record PlanView(
    String stack,
    int version,
    String environment,
    List<String> hosts,
    List<String> updateOrder,
    List<Service> services,
    List<Finding> findings) {

  /** One service as Shipshape will treat it. */
  public record Service(
      String name,
      Tier tier,
      String image,
      boolean updatable,
      int updateOrder,
      List<Volume> statefulVolumes,
      String backup,
      String swap,
      String swapReason,
      Map<String, String> dependsOn,
      List<Network> networks) {}

  /** A mount whose data a swap must not have two writers on, and a backup must keep. */
  public record Volume(String source, String target, boolean named) {}

  /** A network the service is on in compose, and whether Shipshape's container joins it too. */
  public record Network(String name, List<String> aliases, boolean joinedByShipshape) {}

  /** Something an operator should know about the stack, and what to do about it. */
  public record Finding(String service, String kind, String what, String todo) {}

  public static PlanView of(
      String stack,
      int version,
      String environment,
      List<String> hosts,
      ComposeFile file,
      ImagePolicy policy) {
    List<String> order = Planner.updateOrder(file);
    List<Service> services = new ArrayList<>();
    for (String name : order) {
      services.add(service(stack, file.services().get(name), order.indexOf(name) + 1));
    }
    return new PlanView(
        stack,
        version,
        environment,
        hosts,
        order,
        services,
        Findings.of(stack, environment, file, policy));
  }

  private static Service service(String stack, ComposeService s, int position) {
    List<Volume> data =
        s.volumes().stream().filter(v -> !v.readOnly()).map(v -> volume(stack, v)).toList();
    SwapChoice swap = Planner.swap(stack, s);
    return new Service(
        s.name(),
        s.tier(),
        s.buildOnly() ? null : s.image(),
        !s.buildOnly(),
        position,
        data,
        backup(s),
        swap.strategy().name(),
        swap.reason(),
        s.dependsOn(),
        networks(stack, s));
  }

  private static Volume volume(String stack, VolumeMount v) {
    return new Volume(v.named() ? stack + "_" + v.source() : v.source(), v.target(), v.named());
  }

  /** How its data is saved before an update touches it, as the backup service will be asked. */
  static String backup(ComposeService s) {
    if (!s.stateful()) {
      return "none: no volume or bind mount";
    }
    String mode = "cold".equalsIgnoreCase(s.backupMode()) ? "cold" : "hot";
    return switch (BackupPlan.kind(s)) {
      case "postgres" -> "postgres: a logical dump inside the container (" + mode + ")";
      case "snapshot" -> "snapshot: the store's snapshot API";
      default ->
          "volume: an archive of each mount ("
              + mode
              + (mode.equals("cold") ? ", the container stopped while it is copied" : "")
              + ")";
    };
  }

  /**
   * The networks compose puts the service on (the project's default network when it declares none);
   * Shipshape's container joins the default one only, as {@link ServiceSpecs} builds it.
   */
  private static List<Network> networks(String stack, ComposeService s) {
    if (s.networks().isEmpty()) {
      return List.of(new Network(stack + "_default", List.of(s.name()), true));
    }
    List<Network> networks = new ArrayList<>();
    s.networks()
        .forEach(
            (name, aliases) ->
                networks.add(new Network(stack + "_" + name, aliases, name.equals("default"))));
    return networks;
  }
}
