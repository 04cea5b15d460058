package dev.shipshape.common.image;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a tag says about the image behind it, read against how its image publishes releases ({@link
 * VersionScheme}): only full versions, dates, commit hashes and build numbers name one build;
 * everything else is a moving pointer. A version keeps its suffix ({@code 16.4-alpine}): the suffix
 * names a variant, the numbers before it say whether it is a release or a line.
 */
public enum TagKind {
  /** No tag at all: the engine would use {@code latest}. */
  ABSENT(true),
  /** A word that is moved on purpose: {@code latest}, {@code stable}, {@code main}, … */
  MOVING_NAME(true),
  /** Only a major line, e.g. {@code postgres:16}, {@code postgres:16-alpine}, {@code redis:7}. */
  MAJOR_ONLY(true),
  /** Only a minor line where releases have a patch number, e.g. {@code redis:7.4}. */
  MINOR_ONLY(true),
  /**
   * A full version as the image publishes them, e.g. {@code postgres:16.4-alpine}, {@code
   * redis:7.4.1}, {@code v1.2.3-alpine}, or a build number ({@code server-b3772}).
   */
  FULL_VERSION(false),
  /** A date, e.g. {@code 2024-05-01} or {@code 20240501}. */
  DATE(false),
  /** A commit hash, e.g. {@code 3f2a9c1} or {@code sha-3f2a9c1}. */
  COMMIT(false),
  /** Any other word ({@code bookworm}, {@code alpine}): nothing says it will not move. */
  OTHER(true);

  static final Set<String> MOVING_NAMES =
      Set.of(
          "latest",
          "stable",
          "main",
          "master",
          "edge",
          "nightly",
          "dev",
          "develop",
          "development",
          "beta",
          "alpha",
          "canary",
          "next",
          "current",
          "release",
          "rolling",
          "testing",
          "unstable",
          "lts",
          "mainline",
          "head",
          "trunk",
          "snapshot",
          "preview",
          "experimental",
          "prod",
          "production",
          "staging");

  /**
   * Dotted numbers, then an optional variant or pre-release suffix: {@code v16.4-alpine3.20},
   * {@code v0.6.3.post1}, {@code 2.4.0rc1}.
   */
  static final Pattern VERSION =
      Pattern.compile(
          "(?<v>v?)(?<numbers>\\d+(?:\\.\\d+)*)"
              + "(?<suffix>(?:[-+_]|\\.(?=[A-Za-z])|(?=[A-Za-z]))[0-9A-Za-z.+_-]*)?");

  /** A date, after an optional word such as minio's {@code RELEASE.}: a dated build never moves. */
  private static final Pattern DATE_TAG =
      Pattern.compile("(?:[A-Za-z]+[-_.])?(\\d{4})-?(\\d{2})-?(\\d{2})(?:[-_.T][0-9A-Za-z.+_-]*)?");

  /**
   * A build number, e.g. {@code server-cuda-b3772}, or {@code full--b1-a8d49d8} with its commit.
   */
  private static final Pattern BUILD_TAG =
      Pattern.compile("(?:[0-9A-Za-z_.-]*-)?b\\d+(?:-[0-9a-f]{7,40})?");

  private static final Pattern COMMIT_TAG =
      Pattern.compile(
          "(?:(?:sha|git|commit|g|main|master|develop|dev|trunk)[-_]?)?([0-9a-f]{7,40})");

  private final boolean mutable;

  TagKind(boolean mutable) {
    this.mutable = mutable;
  }

  public boolean mutable() {
    return mutable;
  }

  /** The kind of a tag of an image that publishes semantic versions (MAJOR.MINOR.PATCH). */
  public static TagKind of(String tag) {
    return of(tag, VersionScheme.MAJOR_MINOR_PATCH);
  }

  /** The kind of a tag of an image that publishes releases in {@code scheme}. */
  public static TagKind of(String tag, VersionScheme scheme) {
    if (tag == null || tag.isEmpty()) {
      return ABSENT;
    }
    if (isDate(tag)) {
      return DATE;
    }
    if (isCommit(tag)) {
      return COMMIT;
    }
    String lower = tag.toLowerCase(Locale.ROOT);
    // A branch build pinned to its commit (main-3f2a9c1) names one build, checked above.
    if (MOVING_NAMES.contains(lower) || MOVING_NAMES.contains(lower.split("[-_.]")[0])) {
      return MOVING_NAME;
    }
    if (scheme == VersionScheme.BUILD) {
      return BUILD_TAG.matcher(tag).matches() ? FULL_VERSION : OTHER;
    }
    Matcher version = VERSION.matcher(tag);
    if (!version.matches()) {
      return OTHER;
    }
    int numbers = version.group("numbers").split("\\.").length;
    if (numbers >= scheme.components()) {
      return FULL_VERSION;
    }
    return numbers == 1 ? MAJOR_ONLY : MINOR_ONLY;
  }

  /**
   * A full version of the line {@code tag} names, in the image's own form and with its suffix kept,
   * to show an operator what to write: {@code 16-alpine} → {@code 16.4-alpine} for postgres, {@code
   * 7} → {@code 7.4.1} for redis. The added numbers are an example of the form, not a release
   * looked up; null when the tag is not a version line.
   */
  public static String fullVersionExample(String tag, VersionScheme scheme) {
    if (tag == null || scheme == VersionScheme.BUILD) {
      return null;
    }
    Matcher version = VERSION.matcher(tag);
    if (!version.matches()) {
      return null;
    }
    StringBuilder numbers = new StringBuilder(version.group("numbers"));
    int have = numbers.toString().split("\\.").length;
    for (int i = have; i < scheme.components(); i++) {
      // Illustrative numbers, the same every time so refusals stay comparable.
      numbers.append(i == 1 ? ".4" : ".1");
    }
    String suffix = version.group("suffix");
    return version.group("v") + numbers + (suffix == null ? "" : suffix);
  }

  private static boolean isCommit(String tag) {
    Matcher commit = COMMIT_TAG.matcher(tag);
    return commit.matches() && commit.group(1).chars().anyMatch(Character::isLetter);
  }

  private static boolean isDate(String tag) {
    Matcher m = DATE_TAG.matcher(tag);
    if (!m.matches()) {
      return false;
    }
    try {
      LocalDate.of(
          Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
      return Integer.parseInt(m.group(1)) >= 2000;
    } catch (DateTimeException e) {
      return false;
    }
  }
}
