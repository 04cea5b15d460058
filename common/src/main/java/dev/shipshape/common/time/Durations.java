package dev.shipshape.common.time;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration syntax of requests, labels, compose files and the CLI: a number and a unit
 * ({@code 250ms}, {@code 5s}, {@code 15m}, {@code 2h}, {@code 1d}), hours, minutes and seconds
 * together ({@code 1h30m}), or ISO-8601 ({@code PT15M}, {@code P1D}); units in either case.
 * Anything else is refused, never replaced by a default.
 *
 * <p>Configuration is read by Quarkus's own converter; every form accepted here reads the same
 * there ({@code ConfiguredDurationsTest} checks it), so a value means one thing wherever it is
 * written. Combinations use hours, minutes and seconds only, because that converter cannot read
 * {@code 1d12h} or {@code 1s500ms}.
 */
public final class Durations {
  /** What the error messages offer, in the order an operator most likely wants. */
  public static final String FORMS =
      "use a number and a unit (250ms, 5s, 15m, 2h, 1d), hours, minutes and seconds together"
          + " (1h30m), or ISO-8601 (PT15M, P1D)";

  private static final Pattern SINGLE = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern COMBINED = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?");

  private Durations() {}

  /** Any readable duration, zero and negative ISO values included. */
  public static Duration parse(String text) {
    if (text == null || text.isBlank()) {
      throw new InvalidDurationException("a duration is required; " + FORMS);
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
      // Too large for a Duration, or an ISO value with a typo: refused like any other.
      throw new InvalidDurationException(quoted(text) + " is not a duration; " + FORMS);
    }
    throw new InvalidDurationException(quoted(text) + " is not a duration; " + FORMS);
  }

  /** A duration that must be longer than zero: a window, an interval, a timeout. */
  public static Duration parsePositive(String text) {
    Duration d = parse(text);
    if (d.isZero() || d.isNegative()) {
      throw new InvalidDurationException(
          quoted(text) + " is too short: the duration must be longer than zero");
    }
    return d;
  }

  private static long number(String digits) {
    return digits == null ? 0 : Long.parseLong(digits);
  }

  private static String quoted(String text) {
    return "'" + text + "'";
  }
}
