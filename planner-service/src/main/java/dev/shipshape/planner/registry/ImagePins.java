package dev.shipshape.planner.registry;

import dev.shipshape.common.image.ImageReference;
import dev.shipshape.planner.config.PolicySettings.Registry;
import dev.shipshape.planner.registry.RegistryClient.Answer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The digests one request's images resolve to. Each image on a configured registry is asked about
 * once, so the plan carries exactly the digest that validation saw, even if the tag moves
 * meanwhile; images on other registries pass unchanged.
 */
public final class ImagePins {
  /** No registry configured: every image passes as written. */
  public static final ImagePins NONE = new ImagePins(Map.of(), null);

  private final Map<String, Registry> registries;
  private final RegistryClient client;
  private final Map<String, Answer> answers = new HashMap<>();

  /** {@code registries} by address (host[:port], as image references name them). */
  public ImagePins(Map<String, Registry> registries, RegistryClient client) {
    this.registries = registries;
    this.client = client;
  }

  /** Why the image cannot be pinned (a missing tag, an unreachable registry), if it cannot. */
  public synchronized Optional<String> problem(String reference) {
    Answer answer = answer(reference);
    return answer == null || answer.found()
        ? Optional.empty()
        : Optional.of("'" + reference + "' cannot be resolved: " + answer.problem());
  }

  /** The reference as a plan carries it: {@code name:tag@sha256:…} where a registry resolved it. */
  public synchronized String pinned(String reference) {
    Answer answer = answer(reference);
    if (answer == null || !answer.found() || reference.contains("@")) {
      return reference;
    }
    return reference + "@" + answer.digest();
  }

  private Answer answer(String reference) {
    if (reference == null || registries.isEmpty()) {
      return null;
    }
    ImageReference image;
    try {
      image = ImageReference.parse(reference);
    } catch (IllegalArgumentException e) {
      return null; // the image policy reports malformed references
    }
    Registry registry = registries.get(image.registry());
    if (registry == null) {
      return null;
    }
    String asked = image.pinnedByDigest() ? image.digest() : image.tag();
    if (asked == null) {
      asked = "latest";
    }
    String key = reference;
    String ref = asked;
    return answers.computeIfAbsent(key, k -> client.resolve(registry, image.path(), ref));
  }
}
