package dev.shipshape.deployer.diff;

import static dev.shipshape.common.secret.SecretValues.shown;

import dev.shipshape.common.event.Parts.ConfigChange;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.VolumeMount;
import dev.shipshape.deployer.engine.ImageInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a new image changes in the configuration it brings with it — default env, exposed ports,
 * declared volumes, entrypoint, command, user, health check — and which of those changes would
 * break the service as it is run.
 */
public final class ImageConfigDiff {
  private ImageConfigDiff() {}

  public static List<ConfigChange> between(ImageInfo before, ImageInfo after) {
    List<ConfigChange> changes = new ArrayList<>();
    env(before.env(), after.env(), changes);
    members("port", before.exposedPorts(), after.exposedPorts(), changes);
    members("volume", before.volumes(), after.volumes(), changes);
    value(
        "entrypoint",
        String.join(" ", before.entrypoint()),
        String.join(" ", after.entrypoint()),
        changes);
    value("cmd", String.join(" ", before.cmd()), String.join(" ", after.cmd()), changes);
    value("user", before.user(), after.user(), changes);
    value(
        "healthcheck",
        String.join(" ", before.healthCheck()),
        String.join(" ", after.healthCheck()),
        changes);
    return changes;
  }

  /**
   * Changes that would break the service: a declared volume the service mounts, or an exposed port
   * it publishes, that the new image no longer declares.
   */
  public static List<String> breaking(List<ConfigChange> changes, ServiceSpec spec) {
    List<String> problems = new ArrayList<>();
    for (ConfigChange c : changes) {
      if (!c.change().equals("removed")) {
        continue;
      }
      if (c.field().equals("volume") && mounts(spec, c.before())) {
        problems.add(
            "the new image no longer declares volume " + c.before() + ", which the service mounts");
      }
      if (c.field().equals("port") && publishes(spec, c.before())) {
        problems.add(
            "the new image no longer exposes port " + c.before() + ", which the service publishes");
      }
    }
    return problems;
  }

  private static boolean mounts(ServiceSpec spec, String target) {
    return spec.volumes() != null
        && spec.volumes().stream().map(VolumeMount::target).anyMatch(target::equals);
  }

  private static boolean publishes(ServiceSpec spec, String port) {
    return spec.ports() != null
        && spec.ports().stream()
            .anyMatch(
                p ->
                    port.equals(
                        p.containerPort() + "/" + (p.protocol() == null ? "tcp" : p.protocol())));
  }

  private static void env(
      Map<String, String> before, Map<String, String> after, List<ConfigChange> changes) {
    TreeSet<String> names = new TreeSet<>(before.keySet());
    names.addAll(after.keySet());
    for (String name : names) {
      String b = before.get(name);
      String a = after.get(name);
      if (b == null) {
        changes.add(new ConfigChange("env." + name, "added", null, shown(name, a)));
      } else if (a == null) {
        changes.add(new ConfigChange("env." + name, "removed", shown(name, b), null));
      } else if (!a.equals(b)) {
        changes.add(new ConfigChange("env." + name, "changed", shown(name, b), shown(name, a)));
      }
    }
  }

  private static void members(
      String field, List<String> before, List<String> after, List<ConfigChange> changes) {
    new TreeSet<>(before)
        .stream()
            .filter(v -> !after.contains(v))
            .forEach(v -> changes.add(new ConfigChange(field, "removed", v, null)));
    new TreeSet<>(after)
        .stream()
            .filter(v -> !before.contains(v))
            .forEach(v -> changes.add(new ConfigChange(field, "added", null, v)));
  }

  private static void value(String field, String before, String after, List<ConfigChange> changes) {
    if (!Objects.equals(before, after)) {
      changes.add(new ConfigChange(field, "changed", before, after));
    }
  }
}
