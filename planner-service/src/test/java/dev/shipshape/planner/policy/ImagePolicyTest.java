package dev.shipshape.planner.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.image.VersionSchemes;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Refusals of moving tags say what to write instead, in the form the image itself publishes. */
class ImagePolicyTest {
  private static final ImagePolicy STRICT = new ImagePolicy(true, false, List.of());

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      value = {
        "postgres:16.4|",
        "postgres:16.4-alpine|",
        "redis:7.4.1|",
        "qdrant/qdrant:v1.12.4|",
        "ghcr.io/acme/agent:2024-06-01|",
        "ghcr.io/acme/agent:sha-3f2a9c1|",
        "ghcr.io/ggerganov/llama.cpp:server-b3772|",
        "postgres:16-alpine|'postgres:16-alpine' names only the major line 16-alpine, which moves"
            + " with every release: name the full version as postgres publishes them, MAJOR.MINOR"
            + " (e.g. 16.4-alpine), or a digest",
        "postgres:16|'postgres:16' names only the major line 16, which moves with every release:"
            + " name the full version as postgres publishes them, MAJOR.MINOR (e.g. 16.4), or a"
            + " digest",
        "redis:7|'redis:7' names only the major line 7, which moves with every release: name the"
            + " full version as redis publishes them, MAJOR.MINOR.PATCH (e.g. 7.4.1), or a digest",
        "redis:7.4-alpine|'redis:7.4-alpine' names only the minor line 7.4-alpine, which moves with"
            + " every release: name the full version as redis publishes them, MAJOR.MINOR.PATCH"
            + " (e.g. 7.4.1-alpine), or a digest",
        "qdrant/qdrant:v1|'qdrant/qdrant:v1' names only the major line v1, which moves with every"
            + " release: name the full version as qdrant publishes them, MAJOR.MINOR.PATCH (e.g."
            + " v1.4.1), or a digest",
        "ghcr.io/ggerganov/llama.cpp:server|'ghcr.io/ggerganov/llama.cpp:server' uses the tag"
            + " 'server', which is not a version, date or commit and may move: name a build as this"
            + " image publishes them, [VARIANT-]bNUMBER (e.g. server-b3772), or a digest",
        "postgres:latest|'postgres:latest' uses the moving tag 'latest': name a version or a digest",
      })
  void refusesLinesAndSuggestsTheImagesOwnForm(String reference, String expected) {
    List<Problem> problems = STRICT.check("image", reference);
    assertEquals(expected == null ? List.of() : List.of(new Problem("image", expected)), problems);
  }

  @ParameterizedTest(name = "{0} under {1}={2}")
  @CsvSource({
    "redis:7.4, redis, major.minor, 0",
    "redis:7.4, postgres, major.minor, 1",
    "ghcr.io/acme/tool:3, ghcr.io/acme/tool, major, 0",
    "postgres:16.4, postgres, major.minor.patch, 1",
  })
  void aConfiguredSchemeDecidesWhatIsFull(
      String reference, String image, String scheme, int problems) {
    ImagePolicy policy =
        new ImagePolicy(
            true, false, List.of(), false, List.of(), VersionSchemes.of(Map.of(image, scheme)));
    assertEquals(problems, policy.check("image", reference).size());
  }
}
