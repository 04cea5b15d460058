package dev.shipshape.common.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

/** Readiness covers every configured engine and names each one that does not answer. */
class EngineReadinessTest {

  @Test
  void anEngineThatDoesNotAnswerIsNamedAndTheServiceIsNotReady() {
    // Sockets that do not exist: the connection fails at once, without any infrastructure.
    try (HostEngines engines =
        new HostEngines(
            Map.of(
                "host-a", "unix:///nonexistent/shipshape-a.sock",
                "host-b", "unix:///nonexistent/shipshape-b.sock"))) {
      HealthCheckResponse response = new EngineReadiness(engines).call();

      assertEquals(EngineReadiness.NAME, response.getName());
      assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
      Map<String, Object> data = response.getData().orElseThrow();
      assertEquals("host-a, host-b", data.get("down"));
      assertTrue(String.valueOf(data.get("host-a")).startsWith("down at unix:///nonexistent/"));
    }
  }

  @Test
  void aServiceWithoutEnginesIsNotReady() {
    try (HostEngines engines = new HostEngines(Map.of())) {
      assertEquals(
          HealthCheckResponse.Status.DOWN, new EngineReadiness(engines).call().getStatus());
    }
  }
}
