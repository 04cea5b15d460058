package dev.shipshape.planner.compose;

import dev.shipshape.common.engine.HealthCommands;
import dev.shipshape.common.event.Parts.HealthCheck;
import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose's short and long forms of a service's keys — environment and labels as lists or mappings,
 * ports, volumes, depends_on, commands, health checks and their Go-style durations — read into
 * Shipshape's parts. Pure logic; each problem is added to the caller's list.
 */
final class ComposeForms {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|m|s|us|ns)");
  // An address has dots or brackets, so "8080:80" is a host port, never an address.
  private static final Pattern PORT =
      Pattern.compile(
          "(?:(?<ip>\\d{1,3}(?:\\.\\d{1,3}){3}|\\[[0-9a-fA-F:]+\\]):)?(?:(?<host>\\d+):)?(?<container>\\d+)(?:/(?<proto>tcp|udp|sctp))?");

  private ComposeForms() {}

  static Map<String, String> keyValues(
      Object value, String sep, String what, List<String> problems) {
    Map<String, String> map = new LinkedHashMap<>();
    if (value instanceof Map<?, ?> m) {
      m.forEach((k, v) -> map.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    } else if (value instanceof List<?> list) {
      for (Object item : list) {
        String s = String.valueOf(item);
        int i = s.indexOf(sep);
        map.put(i < 0 ? s : s.substring(0, i), i < 0 ? "" : s.substring(i + 1));
      }
    } else if (value != null) {
      problems.add(what + " must be a list or a mapping");
    }
    return map;
  }

  static Map<String, String> dependsOn(Object value) {
    Map<String, String> deps = new LinkedHashMap<>();
    if (value instanceof List<?> list) {
      list.forEach(d -> deps.put(String.valueOf(d), "service_started"));
    } else if (value instanceof Map<?, ?> m) {
      m.forEach(
          (k, v) ->
              deps.put(
                  String.valueOf(k),
                  v instanceof Map<?, ?> c && c.get("condition") != null
                      ? String.valueOf(c.get("condition"))
                      : "service_started"));
    }
    return deps;
  }

  static List<String> words(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(String::valueOf).toList();
    }
    if (value == null) {
      return null;
    }
    List<String> words = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|'([^']*)'|(\\S+)").matcher(String.valueOf(value));
    while (m.find()) {
      words.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : m.group(3));
    }
    return words;
  }

  static List<PortBinding> ports(String name, Object value, List<String> problems) {
    List<PortBinding> ports = new ArrayList<>();
    if (!(value instanceof List<?> list)) {
      return ports;
    }
    for (Object item : list) {
      if (item instanceof Map<?, ?> m) {
        int target = Integer.parseInt(String.valueOf(m.get("target")));
        int published =
            m.get("published") == null ? 0 : Integer.parseInt(String.valueOf(m.get("published")));
        ports.add(
            new PortBinding(
                target,
                m.get("protocol") == null ? "tcp" : String.valueOf(m.get("protocol")),
                str(m.get("host_ip")),
                published));
        continue;
      }
      Matcher p = PORT.matcher(String.valueOf(item));
      if (!p.matches()) {
        problems.add(
            "service " + name + ": cannot read port '" + item + "' (ranges are not supported)");
        continue;
      }
      ports.add(
          new PortBinding(
              Integer.parseInt(p.group("container")),
              p.group("proto") == null ? "tcp" : p.group("proto"),
              p.group("ip"),
              p.group("host") == null ? 0 : Integer.parseInt(p.group("host"))));
    }
    return ports;
  }

  static List<VolumeMount> volumes(
      String name, Object value, Set<String> named, List<String> problems) {
    List<VolumeMount> mounts = new ArrayList<>();
    if (!(value instanceof List<?> list)) {
      return mounts;
    }
    for (Object item : list) {
      String source;
      String target;
      boolean readOnly;
      if (item instanceof Map<?, ?> m) {
        source = str(m.get("source"));
        target = str(m.get("target"));
        readOnly = Boolean.parseBoolean(String.valueOf(m.get("read_only")));
      } else {
        String[] parts = String.valueOf(item).split(":");
        if (parts.length == 1) {
          continue; // an anonymous volume: recreated with the container, nothing to keep
        }
        source = parts[0];
        target = parts[1];
        readOnly = parts.length > 2 && parts[2].contains("ro");
      }
      if (source == null || target == null) {
        continue;
      }
      boolean isNamed =
          !source.startsWith("/") && !source.startsWith(".") && !source.startsWith("~");
      if (isNamed && !named.contains(source)) {
        problems.add(
            "service "
                + name
                + " mounts volume "
                + source
                + ", which the file does not declare under volumes:");
      }
      mounts.add(new VolumeMount(source, target, isNamed, readOnly));
    }
    return mounts;
  }

  static HealthCheck healthCheck(String name, Object value, List<String> problems) {
    if (!(value instanceof Map<?, ?> m) || Boolean.TRUE.equals(m.get("disable"))) {
      return null;
    }
    List<String> command = HealthCommands.fromCompose(m.get("test"));
    if (command == null) {
      return null;
    }
    return new HealthCheck(
        command,
        millis(name, m.get("interval"), 30_000, problems),
        millis(name, m.get("timeout"), 30_000, problems),
        m.get("retries") == null ? 3 : Integer.parseInt(String.valueOf(m.get("retries"))));
  }

  static long millis(String name, Object value, long fallback, List<String> problems) {
    if (value == null) {
      return fallback;
    }
    Matcher m = DURATION.matcher(String.valueOf(value));
    double total = 0;
    int end = 0;
    while (m.find() && m.start() == end) {
      double n = Double.parseDouble(m.group(1));
      total +=
          switch (m.group(2)) {
            case "h" -> n * 3_600_000;
            case "m" -> n * 60_000;
            case "s" -> n * 1000;
            case "ms" -> n;
            case "us" -> n / 1000;
            default -> n / 1_000_000;
          };
      end = m.end();
    }
    if (end == 0 || end != String.valueOf(value).length()) {
      problems.add("service " + name + ": cannot read duration '" + value + "'");
      return fallback;
    }
    return (long) total;
  }

  static String str(Object value) {
    return value == null ? null : String.valueOf(value);
  }
}
