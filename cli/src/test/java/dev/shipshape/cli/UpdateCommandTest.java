package dev.shipshape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What `shipshape update` sends, from its options: the part a user cannot see on the wire. */
class UpdateCommandTest {
  private static UpdateCommand parse(String... args) {
    UpdateCommand c = new UpdateCommand();
    new CommandLine(c).parseArgs(args);
    return c;
  }

  @Test
  @SuppressWarnings("unchecked")
  void imagesEnvAndMigrationsGoToTheirServices() {
    UpdateCommand c =
        parse(
            "agents",
            "--set",
            "agent=reg/agent:1.2.0",
            "--set",
            "db=postgres:16.4",
            "--env",
            "agent.MODEL=llama3",
            "--migration",
            "db=breaking",
            "--window",
            "30s",
            "--reason",
            "new model",
            "--request-id",
            "r-1");
    Map<String, Object> request = c.request(List.of("host-1"));
    Map<String, Object> services = (Map<String, Object>) request.get("services");
    Map<String, Object> agent = (Map<String, Object>) services.get("agent");
    Map<String, Object> db = (Map<String, Object>) services.get("db");
    assertEquals("reg/agent:1.2.0", agent.get("image"));
    assertEquals(Map.of("MODEL", "llama3"), agent.get("env"));
    assertNull(agent.get("migration"));
    assertNull(db.get("env"));
    assertEquals(Map.of("present", true, "backwardCompatible", false), db.get("migration"));
    Map<String, Object> rollout = (Map<String, Object>) request.get("rollout");
    assertEquals(List.of("host-1"), rollout.get("canaryHosts"));
    assertEquals("30s", rollout.get("monitorWindow"));
    assertEquals("r-1", request.get("requestId"));
  }

  @Test
  void anEnvChangeForAServiceNotBeingUpdatedIsAUsageError() {
    UpdateCommand c = parse("agents", "--set", "agent=a:1.0.0", "--env", "model.X=1");
    CliError e = assertThrows(CliError.class, () -> c.request(List.of()));
    assertEquals(2, e.exitCode);
  }

  @Test
  void anUnreadableWindowIsAUsageErrorBeforeAnyRequest() {
    UpdateCommand c = parse("agents", "--set", "agent=a:1.0.0", "--window", "5 parsecs");
    CliError e = assertThrows(CliError.class, () -> c.request(List.of()));
    assertEquals(2, e.exitCode);
    assertTrue(e.getMessage().startsWith("--window: '5 parsecs' is not a duration"));
  }

  @Test
  void aMigrationMustBeCompatibleOrBreaking() {
    UpdateCommand c = parse("agents", "--set", "db=p:16.4", "--migration", "db=maybe");
    assertThrows(CliError.class, () -> c.request(List.of()));
  }

  @Test
  void theServersProblemListIsPrintedOneLineEach() {
    CliError e =
        CliError.of(
            422,
            "{\"title\":\"update refused\",\"status\":422,\"problems\":["
                + "{\"field\":\"services.agent.image\",\"message\":\"latest is a moving tag\"},"
                + "{\"field\":\"hosts\",\"message\":\"unknown host h9\"}]}");
    assertEquals(
        "update refused (HTTP 422)\n"
            + "  - services.agent.image: latest is a moving tag\n"
            + "  - hosts: unknown host h9",
        e.getMessage());
    assertEquals(1, e.exitCode);
  }

  @Test
  void progressCountsFinishedSteps() {
    assertEquals("[######------] 2/4", Text.bar(2, 4, 12));
    assertEquals("sha256:0123456789ab", Text.digest("sha256:0123456789abcdef0123"));
  }
}
