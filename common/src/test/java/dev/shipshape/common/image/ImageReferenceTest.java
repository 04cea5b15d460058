package dev.shipshape.common.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reference grammar and normalisation follow the distribution spec and the Docker engine. */
class ImageReferenceTest {
  private static final String DIGEST =
      "sha256:3f1c1a8d0e8f4b6a2d9c7e5b1a0f9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a29";

  @ParameterizedTest
  @CsvSource({
    "postgres:16.4.1, docker.io, library/postgres, 16.4.1",
    "qdrant/qdrant:v1.9.2, docker.io, qdrant/qdrant, v1.9.2",
    "ghcr.io/acme/agent:2024-05-01, ghcr.io, acme/agent, 2024-05-01",
    "localhost:5000/shipshape/httpd:1.0.0, localhost:5000, shipshape/httpd, 1.0.0",
    "localhost/shipshape/httpd:1.0.0, localhost, shipshape/httpd, 1.0.0",
    "127.0.0.1:5000/a/b/c:x_y.z-1, 127.0.0.1:5000, a/b/c, x_y.z-1",
    "registry.example.com/team__x/app-one, registry.example.com, team__x/app-one, ",
  })
  void parsesAndNormalises(String ref, String registry, String path, String tag) {
    ImageReference image = ImageReference.parse(ref);
    assertEquals(registry, image.registry());
    assertEquals(path, image.path());
    assertEquals(tag, image.tag());
  }

  @Test
  void keepsTheDigestAndCountsItAsPinned() {
    ImageReference image = ImageReference.parse("postgres:latest@" + DIGEST);
    assertEquals(DIGEST, image.digest());
    assertEquals("latest", image.tag());
    assertTrue(image.pinnedByDigest());
    assertFalse(image.mutable(), "a digest pins the image whatever the tag says");
    assertEquals("docker.io/library/postgres:latest@" + DIGEST, image.canonical());
  }

  @Test
  void aDigestWithoutTagCanonicalises() {
    assertEquals(
        "docker.io/library/redis@" + DIGEST, ImageReference.parse("redis@" + DIGEST).canonical());
  }

  @ParameterizedTest
  @CsvSource({
    "'', empty",
    "Postgres:16.4.1, lowercase",
    "postgres:bad tag, malformed tag",
    "postgres@sha256:abc, digest",
    "postgres@nodigest, malformed digest",
    "-leading/dash:1.0.0, malformed repository",
    "a//b:1.0.0, malformed repository",
  })
  void rejectsMalformedReferencesSayingWhy(String ref, String why) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(ref));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource({
    "postgres, ABSENT",
    "postgres:latest, MOVING_NAME",
    "postgres:stable, MOVING_NAME",
    "nginx:mainline-alpine, MOVING_NAME",
    "postgres:16, MAJOR_ONLY",
    "postgres:16-alpine, MAJOR_ONLY",
    "postgres:16.4, FULL_VERSION",
    "postgres:16.4-alpine, FULL_VERSION",
    "redis:7.4, MINOR_ONLY",
    "redis:7.4.1, FULL_VERSION",
    "postgres:16.4.1, FULL_VERSION",
    "qdrant/qdrant:v1.9.2, FULL_VERSION",
    "ollama/ollama:0.3.12-rocm, FULL_VERSION",
    "app:2024-05-01, DATE",
    "app:20240501, DATE",
    "app:3f2a9c1, COMMIT",
    "app:sha-3f2a9c1d, COMMIT",
    "debian:bookworm, OTHER",
  })
  void classifiesTags(String ref, TagKind kind) {
    ImageReference image = ImageReference.parse(ref);
    assertEquals(kind, image.tagKind());
    assertEquals(kind.mutable(), image.mutable());
  }

  @ParameterizedTest
  @CsvSource({
    "postgres:16.4, postgres:16.4, true",
    "postgres:16.4, docker.io/library/postgres:16.4, true",
    "postgres:16.4, postgres:16.4@" + DIGEST + ", true",
    "postgres@" + DIGEST + ", postgres:16.4@" + DIGEST + ", true",
    "postgres:16.4, postgres:16.5, false",
    "postgres:16.4, bitnami/postgres:16.4, false",
    "postgres:16.4@"
        + DIGEST
        + ", postgres:16.4@sha256:"
        + "0"
        + "123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
        + ", false",
  })
  void sameImageIsTheSameRepositoryAndDigestOrTag(String a, String b, boolean same) {
    assertEquals(same, ImageReference.parse(a).sameImage(ImageReference.parse(b)));
    assertEquals(same, ImageReference.parse(b).sameImage(ImageReference.parse(a)));
  }
}
