package dev.shipshape.planner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.probe.GoldenCheck;
import dev.shipshape.common.probe.GoldenRequest;
import dev.shipshape.planner.compose.ComposeFile;
import dev.shipshape.planner.compose.ComposeReader;
import dev.shipshape.planner.plan.ServiceSpecs;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * Golden requests and database-error patterns declared in {@code x-shipshape}: read, refused with
 * the service, the request and the field when malformed, and carried to the containers as labels.
 */
class GoldenRequestsComposeTest {
  static final String STACK =
      """
      services:
        db:
          image: postgres:15.5.0
        agent:
          image: ghcr.io/acme/agent:1.0.0
          depends_on: [db]
          x-shipshape:
            probe: ":8080/health"
            dbErrors:
              - "could not connect"
              - "(?i)pool exhausted"
            golden:
              - name: capital
                method: post
                path: ":8080/ask"
                body: {q: "What is the capital of France?"}
                jsonPath: $.answer
                match: (?i)paris
              - name: home
                path: ":8080/"
                status: 200
                expect: hello
      """;

  @Test
  void goldenRequestsAreReadWithTheirDefaults() {
    ComposeFile file = ComposeReader.read(STACK, Map.of(), null);
    assertEquals(List.of(), file.problems());
    List<GoldenRequest> golden = file.services().get("agent").golden();
    assertEquals(
        List.of(
            GoldenRequest.of(
                "capital",
                "POST",
                ":8080/ask",
                "{\"q\":\"What is the capital of France?\"}",
                null,
                "$.answer",
                "(?i)paris",
                null),
            GoldenRequest.of("home", "GET", ":8080/", null, 200, null, null, "hello")),
        golden);
    assertEquals(List.of(), file.services().get("db").golden());
    assertEquals(
        "(?:could not connect)|(?:(?i)pool exhausted)", file.services().get("agent").dbErrors());
    assertNull(file.services().get("db").dbErrors());
  }

  @Test
  void theyTravelToTheContainerAsLabels() {
    ComposeFile file = ComposeReader.read(STACK, Map.of(), null);
    ServiceSpec spec =
        ServiceSpecs.target(
            "shop",
            file.services().get("agent"),
            new ServiceChange("ghcr.io/acme/agent:1.1.0", null, null),
            null,
            null);
    assertEquals(
        file.services().get("agent").golden(),
        GoldenCheck.fromLabel(spec.labels().get(Labels.GOLDEN)));
    assertEquals(file.services().get("agent").dbErrors(), spec.labels().get(Labels.DB_ERRORS));
    ServiceSpec db =
        ServiceSpecs.target(
            "shop",
            file.services().get("db"),
            new ServiceChange("postgres:15.6.0", null, null),
            null,
            null);
    assertNull(db.labels().get(Labels.GOLDEN));
    assertNull(db.labels().get(Labels.DB_ERRORS));
  }

  /** The JSON Schema of the stack extension accepts what the planner reads and refuses the rest. */
  @Test
  void theStackExtensionsSchemaAgreesWithThePlanner() {
    JsonSchema schema = EventCodec.schema("x-shipshape");
    Map<?, ?> services = (Map<?, ?>) ((Map<?, ?>) new Yaml().load(STACK)).get("services");
    JsonNode good =
        EventCodec.mapper().valueToTree(((Map<?, ?>) services.get("agent")).get("x-shipshape"));
    assertEquals(Set.of(), schema.validate(good));
    JsonNode bad =
        EventCodec.mapper()
            .valueToTree(
                Map.of(
                    "golden",
                    List.of(
                        Map.of("name", "ask", "path", "http://example.com/", "expected", "x"))));
    assertEquals(2, schema.validate(bad).size(), schema.validate(bad).toString());
  }

  @Test
  void aServiceKnowsWhoDependsOnItAndTellsTheMonitorByALabel() {
    ComposeFile file = ComposeReader.read(STACK, Map.of(), null);
    assertEquals(List.of("agent"), file.services().get("db").dependants());
    assertEquals(List.of(), file.services().get("agent").dependants());
    ServiceSpec db =
        ServiceSpecs.target(
            "shop",
            file.services().get("db"),
            new ServiceChange("postgres:15.6.0", null, null),
            null,
            null);
    assertEquals("agent", db.labels().get(Labels.DEPENDANTS));
  }

  @Test
  void malformedOnesAreRefusedNamingTheServiceTheRequestAndTheField() {
    ComposeFile file =
        ComposeReader.read(
            """
            services:
              agent:
                image: ghcr.io/acme/agent:1.0.0
                x-shipshape:
                  dbErrors: "([unclosed"
                  golden:
                    - name: ask
                      method: FETCH
                      path: http://example.com/ask
                      status: 999
                      jsonPath: answer
                      match: "(oops"
                      expected: typo
                    - name: ask
                      path: ":8080/"
                    - path: ":8080/"
                    - just text
              other:
                image: ghcr.io/acme/agent:1.0.0
                x-shipshape:
                  golden: {name: one}
            """,
            Map.of(),
            null);
    List<String> problems = file.problems();
    String first = "service agent: x-shipshape.golden[0] (ask): ";
    for (String expected :
        List.of(
            first + "unknown field expected",
            first + "method must be one of DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT, not FETCH",
            first
                + "path must be :PORT/PATH on the service's container (e.g. :8080/ask), not"
                + " http://example.com/ask",
            first + "status must be an HTTP status from 100 to 599, not 999",
            first + "jsonPath must start with $",
            first + "match is not a regular expression",
            "service agent: x-shipshape.golden[1] (ask): name is used twice",
            "service agent: x-shipshape.golden[2]: name is required",
            "service agent: x-shipshape.golden[3] must be a mapping",
            "service agent: x-shipshape.dbErrors: not a regular expression",
            "service other: x-shipshape.golden must be a list")) {
      assertTrue(
          problems.stream().anyMatch(p -> p.startsWith(expected)),
          "no problem starting with <" + expected + "> in " + problems);
    }
    assertEquals(List.of(), file.services().get("agent").golden(), "none of them is kept");
  }
}
