package dev.shipshape.common.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.model.HealthCheck;
import dev.shipshape.common.event.Parts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Compose, the engine and an exec read a health check's CMD, CMD-SHELL and NONE forms alike. */
class HealthCommandsTest {

  @Test
  void aComposeStringRunsThroughTheShellAndAListIsTakenAsWritten() {
    assertEquals(
        List.of("CMD-SHELL", "curl -f localhost"), HealthCommands.fromCompose("curl -f localhost"));
    assertEquals(
        List.of("CMD", "pg_isready", "-q"),
        HealthCommands.fromCompose(List.of("CMD", "pg_isready", "-q")));
  }

  @Test
  void noneOrNoTestIsNoHealthCheck() {
    assertNull(HealthCommands.fromCompose(List.of("NONE")));
    assertNull(HealthCommands.fromCompose(null));
    assertFalse(HealthCommands.declared(new HealthCheck().withTest(List.of("NONE"))));
    assertFalse(HealthCommands.declared(new HealthCheck()));
    assertFalse(HealthCommands.declared(null));
    assertEquals(List.of(), HealthCommands.command(new HealthCheck().withTest(List.of("NONE"))));
    assertEquals(List.of(), HealthCommands.command((HealthCheck) null));
  }

  @Test
  void cmdExecsAsGivenAndCmdShellThroughSh() {
    assertEquals(
        List.of("pg_isready", "-q"), HealthCommands.command(List.of("CMD", "pg_isready", "-q")));
    assertEquals(
        List.of("/bin/sh", "-c", "curl -f localhost || exit 1"),
        HealthCommands.command(List.of("CMD-SHELL", "curl -f localhost || exit 1")));
    assertTrue(HealthCommands.declared(new HealthCheck().withTest(List.of("CMD", "true"))));
  }

  @Test
  void aSpecsHealthCheckBecomesTheEnginesInNanoseconds() {
    HealthCheck engine =
        HealthCommands.toEngine(new Parts.HealthCheck(List.of("CMD", "true"), 2_000, 500, 4));
    assertEquals(List.of("CMD", "true"), engine.getTest());
    assertEquals(2_000_000_000L, engine.getInterval());
    assertEquals(500_000_000L, engine.getTimeout());
    assertEquals(4, engine.getRetries());
    assertEquals(
        new Parts.HealthCheck(List.of("CMD", "true"), 2_000, 500, 4),
        HealthCommands.fromEngine(engine),
        "read back from a container as it was written");
    assertNull(HealthCommands.fromEngine(new HealthCheck()));
  }
}
