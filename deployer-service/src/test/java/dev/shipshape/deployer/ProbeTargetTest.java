package dev.shipshape.deployer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.deployer.probe.ProbeTarget;
import org.junit.jupiter.api.Test;

/**
 * Only {@code :PORT/PATH} on a container is a probe target; anything that could go elsewhere is
 * not.
 */
class ProbeTargetTest {
  @Test
  void aPortAndPathOnTheContainer() {
    ProbeTarget t = ProbeTarget.parse(":8080/health?deep=1").orElseThrow();
    assertEquals(8080, t.port());
    assertEquals("http://10.200.0.5:8080/health?deep=1", t.url("10.200.0.5"));
    assertEquals("http://10.200.0.5:80/", ProbeTarget.parse(":80").orElseThrow().url("10.200.0.5"));
  }

  @Test
  void urlsHostsBadPortsAndOddCharactersAreNotTargets() {
    for (String probe :
        new String[] {
          "http://10.77.0.1:15000/v2/",
          "10.77.0.1:8080/",
          ":0/",
          ":65536/",
          ":8080@evil.example/",
          ":8080/a b",
          ":8080/\n",
          "",
          ":"
        }) {
      assertTrue(ProbeTarget.parse(probe).isEmpty(), probe);
    }
    assertTrue(ProbeTarget.parse(null).isEmpty());
  }
}
