package dev.shipshape.common.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How an image names its releases, so a tag can be told apart from a moving line: {@code postgres}
 * publishes each release as MAJOR.MINOR ({@code 16.4}, {@code 16.4-alpine}) and {@code 16} is the
 * line, while {@code redis} publishes MAJOR.MINOR.PATCH and {@code 7.4} is a line.
 */
public enum VersionScheme {
  /** Each release is one number, e.g. {@code 3}; nothing shorter exists to be a line. */
  MAJOR("major", 1),
  /** {@code 16.4}: the form PostgreSQL has used since 10. */
  MAJOR_MINOR("major.minor", 2),
  /** {@code 7.4.1}, {@code v1.12.4}: semantic versions, the default for any image. */
  MAJOR_MINOR_PATCH("major.minor.patch", 3),
  /**
   * A build number, optionally after a variant: {@code b3772}, {@code server-b3772} (llama.cpp);
   * the variant alone ({@code server}) is the moving tag.
   */
  BUILD("build", 0);

  private final String word;
  private final int components;

  VersionScheme(String word, int components) {
    this.word = word;
    this.components = components;
  }

  /** The word configuration uses, e.g. {@code major.minor}. */
  public String word() {
    return word;
  }

  /** How many dotted numbers a full version has (0 for {@link #BUILD}). */
  public int components() {
    return components;
  }

  /** The form spelt out for an operator, e.g. {@code MAJOR.MINOR}. */
  public String form() {
    return this == BUILD ? "[VARIANT-]bNUMBER" : word.toUpperCase(Locale.ROOT);
  }

  /**
   * Reads the configured word.
   *
   * @throws IllegalArgumentException naming the words that are understood
   */
  public static VersionScheme parse(String text) {
    String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    for (VersionScheme s : values()) {
      if (s.word.equals(wanted)) {
        return s;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not a version scheme: use one of "
            + Arrays.stream(values()).map(VersionScheme::word).collect(Collectors.joining(", ")));
  }
}
