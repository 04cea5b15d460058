package dev.shipshape.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.event.Payloads.ReleaseVerified;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor on the second engine kind: the Podman host, reached only through its engine API (it
 * runs no agent, so its services declare no HTTP probe). Health comes from the engine's status (its
 * health-check driver runs the checks), a crash from the container's state.
 */
@QuarkusTest
@TestProfile(PodmanWatchTest.OnPodman.class)
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "monitor"))
class PodmanWatchTest {
  static final int HOST = 9;

  /** Test host 9 is the Podman host's engine API, at its address. */
  public static class OnPodman implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
      Map<String, String> infra = LocalInfrastructure.ensureUp();
      String engine = infra.get("DOCKER_HOST_" + infra.get("PODMAN_HOST"));
      if (engine == null || !String.valueOf(HOST).equals(infra.get("PODMAN_HOST"))) {
        throw new IllegalStateException(
            "this test needs the Podman host as host-" + HOST + " (PODMAN_HOST=" + HOST + ")");
      }
      return Map.of("shipshape.monitor.engines." + WatchedHosts.hostId(HOST), engine);
    }
  }

  WatchedHosts hosts;

  @BeforeEach
  void setUp() {
    hosts = new WatchedHosts("pm");
  }

  @AfterEach
  void tearDown() throws Exception {
    hosts.close();
  }

  private String deployed(String image, String window) {
    return hosts.announce(HOST, image, hosts.run(HOST, image, window, null, null));
  }

  @Test
  void aHealthyReleaseIsVerifiedFromTheEnginesHealthStatus() {
    String updateId = deployed("localhost/shipshape/httpd:1.0.0", "6s");
    ReleaseVerified verified = hosts.awaitEvent(Topics.RELEASE_VERIFIED, updateId);
    assertEquals("agent", verified.service());
    assertEquals(0, hosts.eventsFor(Topics.ROLLBACK_TRIGGERED, updateId));
  }

  @Test
  void anUnhealthyReleaseIsRolledBack() {
    String updateId = deployed("localhost/shipshape/httpd-never-healthy:1.0.0", "60s");
    RollbackTriggered t = hosts.awaitEvent(Topics.ROLLBACK_TRIGGERED, updateId);
    assertEquals("unhealthy", t.criterion());
    assertEquals(WatchedHosts.hostId(HOST), t.host());
  }

  @Test
  void aCrashedContainerIsRolledBack() {
    String updateId = deployed("localhost/shipshape/httpd-crash:1.0.0", "60s");
    RollbackTriggered t = hosts.awaitEvent(Topics.ROLLBACK_TRIGGERED, updateId);
    assertEquals("container-exited", t.criterion());
    assertTrue(t.evidence().contains("code 1"), t.evidence());
  }
}
