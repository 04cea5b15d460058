package dev.shipshape.planner.policy;

import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.image.ImageReference;
import dev.shipshape.common.image.TagKind;
import dev.shipshape.planner.config.PolicySettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Which image references an environment accepts: no moving tags, full versions where required,
 * digests where required, only allowed registries, and (where durability is required) only images
 * held by a configured registry. Each refusal says what to do instead.
 */
public record ImagePolicy(
    boolean requireFullVersion,
    boolean requireDigest,
    List<String> allowedRegistries,
    boolean requireRegistry,
    List<String> configuredRegistries) {

  public ImagePolicy(
      boolean requireFullVersion, boolean requireDigest, List<String> allowedRegistries) {
    this(requireFullVersion, requireDigest, allowedRegistries, false, List.of());
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
        settings.registries().values().stream().map(PolicySettings.Registry::address).toList());
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
    if (!allowedRegistries.isEmpty() && !allowedRegistries.contains(image.registry())) {
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
    if (requireRegistry && !configuredRegistries.contains(image.registry())) {
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
    TagKind kind = image.tagKind();
    switch (kind) {
      case ABSENT ->
          problems.add(
              new Problem(
                  field,
                  "'"
                      + reference
                      + "' has no tag, so it means latest, which moves: name a version (e.g. :1.4.2) or a digest"));
      case MOVING_NAME ->
          problems.add(
              new Problem(
                  field,
                  "'"
                      + reference
                      + "' uses the moving tag '"
                      + image.tag()
                      + "': name a version or a digest"));
      case OTHER ->
          problems.add(
              new Problem(
                  field,
                  "'"
                      + reference
                      + "' uses the tag '"
                      + image.tag()
                      + "', which is not a version, date or commit and may move: name a version or a digest"));
      case MAJOR_ONLY, MINOR_ONLY -> {
        if (requireFullVersion) {
          problems.add(
              new Problem(
                  field,
                  "'"
                      + reference
                      + "' names only the "
                      + (kind == TagKind.MAJOR_ONLY ? "major" : "minor")
                      + " line "
                      + image.tag()
                      + ", which moves with every release: name the full version (e.g. "
                      + image.tag()
                      + (kind == TagKind.MAJOR_ONLY ? ".x.y" : ".z")
                      + ") or a digest"));
        }
      }
      default -> {
        // full versions, dates and commits name one build
      }
    }
    return problems;
  }
}
