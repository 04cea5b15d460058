package dev.shipshape.common.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A tag is a full version when it names a release the way its image versions releases. */
class TagKindTest {
  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    // postgres publishes MAJOR.MINOR, with and without a variant suffix
    "postgres:16.4, FULL_VERSION",
    "postgres:16.4-alpine, FULL_VERSION",
    "postgres:16.4-alpine3.20, FULL_VERSION",
    "postgres:16.4-bookworm, FULL_VERSION",
    "postgres:16, MAJOR_ONLY",
    "postgres:16-alpine, MAJOR_ONLY",
    "postgres:alpine, OTHER",
    // semantic versions everywhere else
    "redis:7.4.1, FULL_VERSION",
    "redis:7.4.1-alpine, FULL_VERSION",
    "redis:7.4, MINOR_ONLY",
    "redis:7.4-alpine, MINOR_ONLY",
    "redis:7, MAJOR_ONLY",
    "mysql:8, MAJOR_ONLY",
    "python:3, MAJOR_ONLY",
    "qdrant/qdrant:v1.12.4, FULL_VERSION",
    "qdrant/qdrant:v1.12.4-unprivileged, FULL_VERSION",
    "ollama/ollama:0.3.13-rocm, FULL_VERSION",
    "vllm/vllm-openai:v0.6.3.post1, FULL_VERSION",
    "ghcr.io/acme/agent:v1.12.4, FULL_VERSION",
    "ghcr.io/acme/agent:2.4.0rc1, FULL_VERSION",
    // llama.cpp publishes CI builds; the variant alone moves
    "ghcr.io/ggerganov/llama.cpp:server-b3772, FULL_VERSION",
    "ghcr.io/ggerganov/llama.cpp:full-cuda-b3772, FULL_VERSION",
    "ghcr.io/ggml-org/llama.cpp:server, OTHER",
    // dates and commits name one build, whatever word comes first
    "app:2024-05-01, DATE",
    "app:20240501, DATE",
    "minio/minio:RELEASE.2024-05-28T17-19-04Z, DATE",
    "app:3f2a9c1, COMMIT",
    "app:sha-3f2a9c1d, COMMIT",
    "app:main-3f2a9c1, COMMIT",
    // moving words
    "app:latest, MOVING_NAME",
    "nginx:stable-alpine, MOVING_NAME",
    "app:main, MOVING_NAME",
    "app, ABSENT",
  })
  void classifiesByTheImagesOwnScheme(String reference, TagKind kind) {
    assertEquals(kind, ImageReference.parse(reference).tagKind());
  }

  @ParameterizedTest(name = "{0} under {1} suggests {2}")
  @CsvSource({
    "16-alpine, major.minor, 16.4-alpine",
    "16, major.minor, 16.4",
    "7, major.minor.patch, 7.4.1",
    "7.4, major.minor.patch, 7.4.1",
    "7.4-alpine, major.minor.patch, 7.4.1-alpine",
    "v1, major.minor.patch, v1.4.1",
    "v1.12-unprivileged, major.minor.patch, v1.12.1-unprivileged",
  })
  void suggestsAFullVersionInTheImagesFormKeepingTheSuffix(
      String tag, String scheme, String example) {
    assertEquals(example, TagKind.fullVersionExample(tag, VersionScheme.parse(scheme)));
  }

  @Test
  void aConfiguredSchemeOverridesTheDefault() {
    VersionSchemes schemes =
        VersionSchemes.of(Map.of("redis", "major.minor", "ghcr.io/acme/tool", "major"));
    assertEquals(TagKind.FULL_VERSION, ImageReference.parse("redis:7.4-alpine").tagKind(schemes));
    assertEquals(
        TagKind.FULL_VERSION, ImageReference.parse("ghcr.io/acme/tool:3").tagKind(schemes));
    assertEquals(
        TagKind.MAJOR_ONLY, ImageReference.parse("postgres:16").tagKind(schemes), "defaults stay");
  }

  @Test
  void anUnreadableSchemeNamesTheImageAndTheWordsUnderstood() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> VersionSchemes.of(Map.of("redis", "semver")));
    assertTrue(e.getMessage().startsWith("version scheme for redis: 'semver'"), e.getMessage());
    assertTrue(e.getMessage().contains("major.minor.patch"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class, () -> VersionSchemes.of(Map.of("redis:7", "major")));
  }
}
