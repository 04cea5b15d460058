package dev.shipshape.common.image;

import java.util.HashMap;
import java.util.Map;

/**
 * Which {@link VersionScheme} each image uses, keyed by repository ({@code docker.io/library/
 * postgres}); images not listed publish semantic versions (MAJOR.MINOR.PATCH). The defaults cover
 * the images Shipshape knows by tier; configuration adds to them or overrides them.
 */
public final class VersionSchemes {
  /**
   * What each image really publishes as a release (checked against their registries' tag lists in
   * 2024; an image that changes its habits is corrected by configuration, not code). Images not
   * listed here, and these unless noted, publish MAJOR.MINOR.PATCH and also move lines such as
   * {@code 7} and {@code 7.4}: redis ({@code 7.4.1}, {@code 7.4.1-alpine}), mysql ({@code 8.0.39}),
   * mariadb ({@code 11.4.3}), mongo ({@code 7.0.14}), qdrant ({@code v1.12.4}), weaviate ({@code
   * 1.26.5}), milvus ({@code v2.4.13}), chroma ({@code 0.5.15}), ollama ({@code 0.3.13}, {@code
   * 0.3.13-rocm}), vllm ({@code v0.6.3}, and {@code v0.6.3.post1} for fixes), text-generation-
   * inference ({@code 2.4.0}).
   */
  private static final Map<String, VersionScheme> KNOWN =
      Map.of(
          // PostgreSQL releases are MAJOR.MINOR since 10: 16.4, 16.4-alpine, 16.4-bookworm; 16
          // moves.
          "postgres", VersionScheme.MAJOR_MINOR,
          // llama.cpp publishes each CI build: b3772, server-b3772, full-cuda-b3772; "server"
          // moves.
          "ghcr.io/ggerganov/llama.cpp", VersionScheme.BUILD,
          "ghcr.io/ggml-org/llama.cpp", VersionScheme.BUILD);

  public static final VersionSchemes DEFAULTS = new VersionSchemes(byRepository(KNOWN));

  private final Map<String, VersionScheme> byRepository;

  private VersionSchemes(Map<String, VersionScheme> byRepository) {
    this.byRepository = Map.copyOf(byRepository);
  }

  /**
   * The defaults with the configured schemes on top, e.g. {@code "postgres" -> "major.minor"}.
   *
   * @throws IllegalArgumentException naming the image whose scheme or name cannot be read
   */
  public static VersionSchemes of(Map<String, String> configured) {
    Map<String, VersionScheme> all = new HashMap<>(DEFAULTS.byRepository);
    if (configured != null) {
      configured.forEach(
          (image, scheme) -> {
            try {
              all.put(repository(image), VersionScheme.parse(scheme));
            } catch (IllegalArgumentException e) {
              throw new IllegalArgumentException(
                  "version scheme for " + image + ": " + e.getMessage(), e);
            }
          });
    }
    return new VersionSchemes(all);
  }

  /** The scheme the image's repository publishes releases in. */
  public VersionScheme forImage(ImageReference image) {
    return byRepository.getOrDefault(image.repository(), VersionScheme.MAJOR_MINOR_PATCH);
  }

  private static Map<String, VersionScheme> byRepository(Map<String, VersionScheme> byName) {
    Map<String, VersionScheme> out = new HashMap<>();
    byName.forEach((name, scheme) -> out.put(repository(name), scheme));
    return out;
  }

  /** "postgres" and "docker.io/library/postgres" name the same repository. */
  private static String repository(String name) {
    ImageReference ref = ImageReference.parse(name);
    if (ref.tag() != null || ref.digest() != null) {
      throw new IllegalArgumentException("'" + name + "' must name a repository, no tag or digest");
    }
    return ref.repository();
  }
}
