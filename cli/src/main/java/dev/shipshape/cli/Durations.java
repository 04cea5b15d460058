package dev.shipshape.cli;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * "500ms", "30s", "5m", "1h" as people type them on a command line. (common has a parser too, but
 * the CLI stays free of the services' Quarkus stack so that it starts at once.)
 */
final class Durations {
  private static final Pattern SHORT = Pattern.compile("(\\d+)(ms|s|m|h)");

  private Durations() {}

  static Duration parse(String text) {
    Matcher m = SHORT.matcher(text.trim());
    if (!m.matches()) {
      throw new CliError("'" + text + "' is not a duration like 500ms, 30s, 5m or 1h", 2);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }
}
