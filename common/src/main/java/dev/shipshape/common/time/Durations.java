package dev.shipshape.common.time;

import java.time.Duration;
import java.util.Locale;

/**
 * Durations as operators write them in labels and requests: {@code PT15M}, {@code 15m}, {@code
 * 30s}.
 */
public final class Durations {
  private Durations() {}

  /** The duration, or the fallback when the value is blank or unreadable. */
  public static Duration parse(String value, Duration fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      String v = value.trim().toUpperCase(Locale.ROOT);
      return v.startsWith("P") ? Duration.parse(v) : Duration.parse("PT" + v);
    } catch (RuntimeException e) {
      return fallback;
    }
  }
}
