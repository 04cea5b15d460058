package dev.shipshape.common.image;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An image reference parsed by the distribution reference grammar ({@code
 * [registry/]path[:tag][@digest]}), normalised the way the Docker engine does: no registry means
 * {@code docker.io}, and a single-component Docker Hub path lives under {@code library/}.
 */
public record ImageReference(String registry, String path, String tag, String digest) {
  public static final String DOCKER_HUB = "docker.io";

  private static final String ALNUM = "[a-z0-9]+";
  private static final String SEPARATOR = "(?:[._]|__|[-]+)";
  private static final String PATH_COMPONENT = ALNUM + "(?:" + SEPARATOR + ALNUM + ")*";
  private static final Pattern PATH =
      Pattern.compile(PATH_COMPONENT + "(?:/" + PATH_COMPONENT + ")*");
  private static final Pattern DOMAIN =
      Pattern.compile(
          "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
              + "(?::[0-9]+)?|\\[[0-9a-fA-F:]+\\](?::[0-9]+)?");
  private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
  private static final Pattern DIGEST =
      Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");
  private static final Pattern SHA256 = Pattern.compile("sha256:[a-f0-9]{64}");
  private static final int MAX_NAME_LENGTH = 255;

  public ImageReference {
    Objects.requireNonNull(registry, "registry");
    Objects.requireNonNull(path, "path");
  }

  /**
   * Parses a reference as users write it.
   *
   * @throws IllegalArgumentException saying which part is malformed
   */
  public static ImageReference parse(String reference) {
    if (reference == null || reference.isBlank()) {
      throw new IllegalArgumentException("image reference is empty");
    }
    String rest = reference.trim();
    String digest = null;
    int at = rest.indexOf('@');
    if (at >= 0) {
      digest = rest.substring(at + 1);
      rest = rest.substring(0, at);
      if (!DIGEST.matcher(digest).matches()) {
        throw new IllegalArgumentException(
            "'" + reference + "': malformed digest '" + digest + "'");
      }
      if (digest.startsWith("sha256:") && !SHA256.matcher(digest).matches()) {
        throw new IllegalArgumentException(
            "'" + reference + "': a sha256 digest is 64 lowercase hex characters");
      }
    }
    String tag = null;
    int colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
      tag = rest.substring(colon + 1);
      rest = rest.substring(0, colon);
      if (!TAG.matcher(tag).matches()) {
        throw new IllegalArgumentException("'" + reference + "': malformed tag '" + tag + "'");
      }
    }
    if (rest.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("'" + reference + "': name longer than 255 characters");
    }
    String registry = DOCKER_HUB;
    String path = rest;
    int slash = rest.indexOf('/');
    if (slash > 0) {
      String first = rest.substring(0, slash);
      if (first.contains(".") || first.contains(":") || first.equals("localhost")) {
        if (!DOMAIN.matcher(first).matches()) {
          throw new IllegalArgumentException(
              "'" + reference + "': malformed registry '" + first + "'");
        }
        registry = first;
        path = rest.substring(slash + 1);
      }
    }
    if (!PATH.matcher(path).matches()) {
      String why =
          path.equals(path.toLowerCase(Locale.ROOT))
              ? "malformed repository name '" + path + "'"
              : "repository name '" + path + "' must be lowercase";
      throw new IllegalArgumentException("'" + reference + "': " + why);
    }
    if (registry.equals(DOCKER_HUB) && !path.contains("/")) {
      path = "library/" + path;
    }
    return new ImageReference(registry, path, tag, digest);
  }

  /** {@code registry/path}, the repository without tag or digest. */
  public String repository() {
    return registry + "/" + path;
  }

  /** The fully qualified reference, e.g. {@code docker.io/library/postgres:16.4@sha256:…}. */
  public String canonical() {
    return repository() + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
  }

  /** The same repository pinned to a digest (the tag is kept for readability). */
  public ImageReference withDigest(String newDigest) {
    return new ImageReference(registry, path, tag, newDigest);
  }

  public boolean pinnedByDigest() {
    return digest != null;
  }

  /** The tag read the way this image publishes releases, by the default schemes. */
  public TagKind tagKind() {
    return tagKind(VersionSchemes.DEFAULTS);
  }

  /** The tag read the way this image publishes releases, by the given schemes. */
  public TagKind tagKind(VersionSchemes schemes) {
    return TagKind.of(tag, schemes.forImage(this));
  }

  /** Whether what this reference points at can change without the reference changing. */
  public boolean mutable() {
    return mutable(VersionSchemes.DEFAULTS);
  }

  public boolean mutable(VersionSchemes schemes) {
    return !pinnedByDigest() && tagKind(schemes).mutable();
  }

  /**
   * Whether the two name the same image: the same repository and, where both carry a digest, the
   * same digest, else the same tag ({@code postgres:16.4} and {@code
   * docker.io/library/postgres:16.4@sha256:…} do; a digest alone matches a pinned tag's digest).
   */
  public boolean sameImage(ImageReference other) {
    if (other == null || !repository().equals(other.repository())) {
      return false;
    }
    if (digest != null && other.digest != null) {
      return digest.equals(other.digest);
    }
    return tag != null && tag.equals(other.tag);
  }

  @Override
  public String toString() {
    return canonical();
  }
}
