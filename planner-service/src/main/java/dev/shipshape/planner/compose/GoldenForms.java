package dev.shipshape.planner.compose;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.probe.GoldenCheck;
import dev.shipshape.common.probe.GoldenRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the AI-aware checks of a service's {@code x-shipshape}: its golden requests ({@code
 * golden}) and its database-connection error patterns ({@code dbErrors}). Every malformed field is
 * a problem naming the service, the request and the field; nothing is guessed.
 */
final class GoldenForms {
  private static final Set<String> KEYS =
      Set.of("name", "method", "path", "body", "status", "jsonPath", "match", "expect");
  private static final Set<String> METHODS =
      Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS");
  private static final Pattern PATH = Pattern.compile(":(\\d{1,5})(/[\\x21-\\x7e]*)?");

  private GoldenForms() {}

  /** The service's golden requests, in the order written; a malformed one is left out. */
  static List<GoldenRequest> golden(String service, Object value, List<String> problems) {
    if (value == null) {
      return List.of();
    }
    String field = "service " + service + ": x-shipshape.golden";
    if (!(value instanceof List<?> list)) {
      problems.add(field + " must be a list of requests ({name, method, path, ...})");
      return List.of();
    }
    List<GoldenRequest> requests = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String where = field + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        problems.add(where + " must be a mapping with name, method, path and what to expect");
        continue;
      }
      int before = problems.size();
      String name = ComposeForms.str(m.get("name"));
      if (name == null || name.isBlank()) {
        problems.add(where + ": name is required");
      } else {
        where = where + " (" + name + ")";
        if (!names.add(name)) {
          problems.add(where + ": name is used twice");
        }
      }
      for (Object key : m.keySet()) {
        if (!KEYS.contains(String.valueOf(key))) {
          problems.add(
              where
                  + ": unknown field "
                  + key
                  + " (known: "
                  + String.join(", ", KEYS.stream().sorted().toList())
                  + ")");
        }
      }
      String method =
          m.get("method") == null
              ? "GET"
              : String.valueOf(m.get("method")).toUpperCase(Locale.ROOT);
      if (!METHODS.contains(method)) {
        problems.add(
            where
                + ": method must be one of "
                + String.join(", ", METHODS.stream().sorted().toList())
                + ", not "
                + m.get("method"));
      }
      String path = ComposeForms.str(m.get("path"));
      if (!validPath(path)) {
        problems.add(
            where
                + ": path must be :PORT/PATH on the service's container (e.g. :8080/ask), not "
                + path);
      }
      String body = body(m.get("body"));
      Integer status = null;
      if (m.get("status") != null) {
        try {
          status = Integer.valueOf(String.valueOf(m.get("status")));
        } catch (NumberFormatException e) {
          status = -1;
        }
        if (status < 100 || status > 599) {
          problems.add(
              where + ": status must be an HTTP status from 100 to 599, not " + m.get("status"));
        }
      }
      String jsonPath = ComposeForms.str(m.get("jsonPath"));
      if (jsonPath != null && !GoldenCheck.validPath(jsonPath)) {
        problems.add(
            where
                + ": jsonPath must start with $ and go on with .name, ['name'] or [N] (e.g."
                + " $.answer or $.items[0].text), not "
                + jsonPath);
      }
      String match = ComposeForms.str(m.get("match"));
      if (match != null) {
        Optional<String> bad = GoldenCheck.badRegex(match);
        if (bad.isPresent()) {
          problems.add(where + ": match is not a regular expression (" + bad.get() + "): " + match);
        }
      }
      String expect = m.get("expect") == null ? null : String.valueOf(m.get("expect"));
      if (problems.size() == before) {
        requests.add(GoldenRequest.of(name, method, path, body, status, jsonPath, match, expect));
      }
    }
    return requests;
  }

  /** A body written as text is sent as it is; a mapping or a list is sent as JSON. */
  private static String body(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return EventCodec.toJson(value);
    }
    return String.valueOf(value);
  }

  private static boolean validPath(String path) {
    Matcher m = path == null ? null : PATH.matcher(path);
    if (m == null || !m.matches()) {
      return false;
    }
    int port = Integer.parseInt(m.group(1));
    return port >= 1 && port <= 65535;
  }

  /**
   * The service's database-connection error patterns ({@code dbErrors}: one regex or a list), as
   * one regex; null when it declares none (the monitor's defaults apply).
   */
  static String dbErrors(String service, Object value, List<String> problems) {
    if (value == null) {
      return null;
    }
    List<String> patterns =
        value instanceof List<?> list
            ? list.stream().map(String::valueOf).toList()
            : List.of(String.valueOf(value));
    if (patterns.isEmpty()) {
      problems.add("service " + service + ": x-shipshape.dbErrors must name at least one pattern");
      return null;
    }
    for (String p : patterns) {
      Optional<String> bad = GoldenCheck.badRegex(p);
      if (bad.isPresent()) {
        problems.add(
            "service "
                + service
                + ": x-shipshape.dbErrors: not a regular expression ("
                + bad.get()
                + "): "
                + p);
        return null;
      }
    }
    return patterns.size() == 1
        ? patterns.get(0)
        : String.join("|", patterns.stream().map(p -> "(?:" + p + ")").toList());
  }
}
