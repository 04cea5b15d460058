package dev.shipshape.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The services' one duration syntax — {@code 250ms}, {@code 5s}, {@code 15m}, {@code 2h}, {@code
 * 1d}, {@code 1h30m}, ISO-8601 {@code PT15M} — for options typed on a command line. A copy of
 * common's {@code Durations}, because the CLI does not depend on common (see cli/pom.xml: common
 * brings the services' Quarkus stack, and {@code ./shipshape} builds the CLI alone); the CLI's
 * {@code DurationsTest} holds both to common's table of forms, so they cannot drift apart.
 */
final class Durations {
  static final String FORMS =
      "use a number and a unit (250ms, 5s, 15m, 2h, 1d), hours, minutes and seconds together"
          + " (1h30m), or ISO-8601 (PT15M, P1D)";

  private static final Pattern SINGLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern COMBINED = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private Durations() {}

  /** The duration an option names, longer than zero; a usage error (exit 2) naming it if not. */
  static Duration parse(String option, String text) {
    Duration d = read(text);
    if (d == null) {
      throw new CliError(option + ": '" + text + "' is not a duration; " + FORMS, 2);
    }
    if (d.isZero() || d.isNegative()) {
      throw new CliError(option + ": '" + text + "' is too short: it must be longer than zero", 2);
    }
    return d;
  }

  /** The duration, or null when the text is not one. */
  static Duration read(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    String v = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (v.startsWith("p")) {
        return Duration.parse(v);
      }
      Matcher single = SINGLE.matcher(v);
      if (single.matches()) {
        long n = Long.parseLong(single.group(1));
        return switch (single.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofDays(n);
        };
      }
      Matcher combined = COMBINED.matcher(v);
      if (combined.matches()) {
        return Duration.ofHours(number(combined.group(1)))
            .plusMinutes(number(combined.group(2)))
            .plusSeconds(number(combined.group(3)));
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      return null; // too large for a Duration, or an ISO value with a typo
    }
    return null;
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }
}
