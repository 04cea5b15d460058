package dev.shipshape.planner.policy;

import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.image.ImageReference;
import dev.shipshape.common.image.TagKind;
import dev.shipshape.common.image.VersionScheme;
import dev.shipshape.common.image.VersionSchemes;
import dev.shipshape.planner.config.PolicySettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which image references an environment accepts: no moving tags, full versions where required,
 * digests where required, only allowed registries, and (where durability is required) only images
 * held by a configured registry. Each refusal says what to do instead. A full version is judged by
 * how the image publishes releases ({@code schemes}): {@code postgres:16.4-alpine} is one.
 */
public record ImagePolicy(
    boolean requireFullVersion,
    boolean requireDigest,
    List<String> allowedRegistries,
    boolean requireRegistry,
    List<String> configuredRegistries,
    VersionSchemes schemes) {

  public ImagePolicy(
      boolean requireFullVersion, boolean requireDigest, List<String> allowedRegistries) {
    this(requireFullVersion, requireDigest, allowedRegistries, false, List.of());
  }

  public ImagePolicy(
      boolean requireFullVersion,
      boolean requireDigest,
      List<String> allowedRegistries,
      boolean requireRegistry,
      List<String> configuredRegistries) {
    this(
        requireFullVersion,
        requireDigest,
        allowedRegistries,
        requireRegistry,
        configuredRegistries,
        VersionSchemes.DEFAULTS);
  }

  public static ImagePolicy forEnvironment(PolicySettings settings, String environment) {
    PolicySettings.EnvironmentPolicy env = settings.environments().get(environment);
    return new ImagePolicy(
        env != null && env.requireFullVersion().isPresent()
            ? env.requireFullVersion().get()
            : settings.requireFullVersion(),
        env != null && env.requireDigest().isPresent()
            ? env.requireDigest().get()
            : settings.requireDigest(),
        env != null && env.allowedRegistries().isPresent()
            ? env.allowedRegistries().get()
            : settings.allowedRegistries().orElse(List.of()),
        env != null && env.requireRegistry().isPresent()
            ? env.requireRegistry().get()
            : settings.requireRegistry().orElse("production".equals(environment)),
        settings.registries().values().stream().map(PolicySettings.Registry::address).toList(),
        schemes(settings));
  }

  /**
   * The configured version schemes over the defaults.
   *
   * @throws IllegalStateException naming the setting that cannot be read
   */
  public static VersionSchemes schemes(PolicySettings settings) {
    try {
      return VersionSchemes.of(settings.versionScheme());
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("shipshape.policy.version-scheme: " + e.getMessage(), e);
    }
  }

  /** Whether the registry is one whose tags Shipshape resolves (and so can pull again). */
  public boolean configuredRegistry(ImageReference image) {
    return configuredRegistries.contains(image.registry());
  }

  /** Whether the allow-list, if any, admits the image's registry. */
  public boolean allowedRegistry(ImageReference image) {
    return allowedRegistries.isEmpty() || allowedRegistries.contains(image.registry());
  }

  public List<Problem> check(String field, String reference) {
    List<Problem> problems = new ArrayList<>();
    ImageReference image;
    try {
      image = ImageReference.parse(reference);
    } catch (IllegalArgumentException e) {
      problems.add(new Problem(field, e.getMessage()));
      return problems;
    }
    if (!allowedRegistry(image)) {
      problems.add(
          new Problem(
              field,
              "'"
                  + reference
                  + "' comes from registry "
                  + image.registry()
                  + ", which is not in the allow-list "
                  + allowedRegistries));
    }
    if (requireRegistry && !configuredRegistry(image)) {
      problems.add(
          new Problem(
              field,
              "'"
                  + reference
                  + "' is in none of the configured registries "
                  + configuredRegistries
                  + ", so it may exist only on some hosts and cannot be pulled again: push it to a"
                  + " durable registry and name it there"));
    }
    if (requireDigest && !image.pinnedByDigest()) {
      problems.add(
          new Problem(
              field,
              "'" + reference + "' must be pinned by digest (name@sha256:…) in this environment"));
    }
    if (image.pinnedByDigest()) {
      return problems;
    }
    moving(image).ifPresent(why -> problems.add(new Problem(field, "'" + reference + "' " + why)));
    return problems;
  }

  /**
   * Why the tag may point at another image tomorrow, and what to name instead; empty for a digest,
   * a full version (as the image publishes them, or any line when full versions are not required),
   * a date or a commit. Also used to flag moving tags a stack runs now.
   */
  public Optional<String> moving(ImageReference image) {
    if (image.pinnedByDigest()) {
      return Optional.empty();
    }
    VersionScheme scheme = schemes.forImage(image);
    TagKind kind = image.tagKind(schemes);
    String tag = image.tag();
    return switch (kind) {
      case ABSENT ->
          Optional.of(
              "has no tag, so it means latest, which moves: name a version (e.g. :1.4.2) or a"
                  + " digest");
      case MOVING_NAME ->
          Optional.of("uses the moving tag '" + tag + "': name a version or a digest");
      case OTHER ->
          Optional.of(
              "uses the tag '"
                  + tag
                  + "', which is not a version, date or commit and may move: name "
                  + (scheme == VersionScheme.BUILD
                      ? "a build as this image publishes them, "
                          + scheme.form()
                          + " (e.g. server-b3772),"
                      : "a version")
                  + " or a digest");
      case MAJOR_ONLY, MINOR_ONLY ->
          requireFullVersion
              ? Optional.of(
                  "names only the "
                      + (kind == TagKind.MAJOR_ONLY ? "major" : "minor")
                      + " line "
                      + tag
                      + ", which moves with every release: name the full version as "
                      + image.path().substring(image.path().lastIndexOf('/') + 1)
                      + " publishes them, "
                      + scheme.form()
                      + " (e.g. "
                      + TagKind.fullVersionExample(tag, scheme)
                      + "), or a digest")
              : Optional.empty();
      default -> Optional.empty(); // full versions, dates and commits name one build
    };
  }
}
