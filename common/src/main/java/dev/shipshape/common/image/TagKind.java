package dev.shipshape.common.image;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a tag says about the image behind it. Only full versions, dates and commit hashes name one
 * build; everything else is a moving pointer.
 */
public enum TagKind {
  /** No tag at all: the engine would use {@code latest}. */
  ABSENT(true),
  /** A word that is moved on purpose: {@code latest}, {@code stable}, {@code main}, … */
  MOVING_NAME(true),
  /** Only a major line, e.g. {@code postgres:16}. */
  MAJOR_ONLY(true),
  /** Only a minor line, e.g. {@code postgres:16.4}. */
  MINOR_ONLY(true),
  /** A full version, e.g. {@code 16.4.1}, {@code v1.2.3-alpine}. */
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

  static final Pattern VERSION =
      Pattern.compile("v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:\\.\\d+)*([-+_][0-9A-Za-z.+_-]*)?");
  private static final Pattern DATE_TAG =
      Pattern.compile("(\\d{4})-?(\\d{2})-?(\\d{2})(?:[-_.T][0-9A-Za-z.+_-]*)?");
  private static final Pattern COMMIT_TAG =
      Pattern.compile("(?:(?:sha|git|commit|g)[-_]?)?([0-9a-f]{7,40})");

  private final boolean mutable;

  TagKind(boolean mutable) {
    this.mutable = mutable;
  }

  public boolean mutable() {
    return mutable;
  }

  public static TagKind of(String tag) {
    if (tag == null || tag.isEmpty()) {
      return ABSENT;
    }
    String lower = tag.toLowerCase(Locale.ROOT);
    if (MOVING_NAMES.contains(lower) || MOVING_NAMES.contains(lower.split("[-_.]")[0])) {
      return MOVING_NAME;
    }
    if (isDate(tag)) {
      return DATE;
    }
    Matcher commit = COMMIT_TAG.matcher(tag);
    if (commit.matches() && commit.group(1).chars().anyMatch(Character::isLetter)) {
      return COMMIT;
    }
    Matcher version = VERSION.matcher(tag);
    if (version.matches()) {
      if (version.group(3) != null) {
        return FULL_VERSION;
      }
      return version.group(2) != null ? MINOR_ONLY : MAJOR_ONLY;
    }
    return OTHER;
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
