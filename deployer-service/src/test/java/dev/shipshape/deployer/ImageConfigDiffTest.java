package dev.shipshape.deployer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.Parts.ConfigChange;
import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.VolumeMount;
import dev.shipshape.deployer.diff.ImageConfigDiff;
import dev.shipshape.deployer.engine.ImageInfo;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The image config diff names every change, masks secrets, and flags only what breaks the service.
 */
class ImageConfigDiffTest {
  private static ImageInfo image(
      Map<String, String> env, List<String> ports, List<String> volumes, String user) {
    return new ImageInfo(
        "sha256:x",
        List.of(),
        env,
        ports,
        volumes,
        List.of("/bin/start"),
        List.of(),
        user,
        List.of("CMD", "true"));
  }

  @Test
  void namesEveryChangeInOrder() {
    ImageInfo before =
        image(Map.of("A", "1", "GONE", "x"), List.of("8080/tcp"), List.of("/data"), "");
    ImageInfo after =
        image(Map.of("A", "2", "NEW", "y"), List.of("9090/tcp"), List.of("/data"), "app");

    List<ConfigChange> diff = ImageConfigDiff.between(before, after);

    assertEquals(
        List.of(
            new ConfigChange("env.A", "changed", "1", "2"),
            new ConfigChange("env.GONE", "removed", "x", null),
            new ConfigChange("env.NEW", "added", null, "y"),
            new ConfigChange("port", "removed", "8080/tcp", null),
            new ConfigChange("port", "added", null, "9090/tcp"),
            new ConfigChange("user", "changed", "", "app")),
        diff);
  }

  @Test
  void secretValuesAppearOnlyAsHashes() {
    ImageInfo before = image(Map.of("DB_PASSWORD", "hunter2"), List.of(), List.of(), "");
    ImageInfo after = image(Map.of("DB_PASSWORD", "hunter3"), List.of(), List.of(), "");
    ConfigChange change = ImageConfigDiff.between(before, after).get(0);
    assertTrue(
        change.before().startsWith("sha256:") && change.after().startsWith("sha256:"),
        change.toString());
    assertTrue(!change.toString().contains("hunter"), change.toString());
  }

  @Test
  void onlyADroppedPortOrVolumeTheServiceUsesIsBreaking() {
    ImageInfo before =
        image(Map.of(), List.of("8080/tcp", "9000/tcp"), List.of("/data", "/cache"), "");
    ImageInfo after = image(Map.of(), List.of(), List.of(), "");
    ServiceSpec spec =
        new ServiceSpec(
            "img:1.0.0",
            null,
            null,
            null,
            null,
            List.of(new PortBinding(8080, "tcp", null, 18080)),
            List.of(new VolumeMount("pgdata", "/data", true, false)),
            null,
            null,
            null,
            null);

    List<String> breaking = ImageConfigDiff.breaking(ImageConfigDiff.between(before, after), spec);

    assertEquals(2, breaking.size(), breaking.toString());
    assertTrue(breaking.get(0).contains("8080/tcp"), breaking.toString());
    assertTrue(breaking.get(1).contains("/data"), breaking.toString());
  }
}
