package dev.shipshape.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CLI reads durations exactly as the services do: held to common's table of forms, read from
 * common's sources (the CLI does not depend on common, so not through its test jar).
 */
class DurationsTest {
  private static final Path TABLE = Path.of("../common/src/test/resources/shipshape/durations.txt");

  static List<String[]> table() throws IOException {
    return Files.readAllLines(TABLE).stream()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l.split("\\|"))
        .map(p -> new String[] {p[0].trim(), p[1].trim()})
        .toList();
  }

  static Stream<Arguments> rows() throws IOException {
    return table().stream().map(r -> Arguments.of(r[0], r[1]));
  }

  @ParameterizedTest
  @MethodSource("rows")
  void readsWhatTheServicesRead(String text, String meaning) {
    if (meaning.equals("refused")) {
      assertNull(Durations.read(text));
    } else {
      assertEquals(Duration.parse(meaning), Durations.read(text));
    }
  }

  @Test
  void theTableIsThere() throws IOException {
    // A moved table must fail here, not leave the parameterized test with no rows to check.
    assertTrue(table().size() > 30);
  }

  @Test
  void aBadOptionIsAUsageErrorNamingItAndTheForms() {
    CliError e = assertThrows(CliError.class, () -> Durations.parse("--every", "5 parsecs"));
    assertEquals(2, e.exitCode);
    assertEquals(
        "--every: '5 parsecs' is not a duration; use a number and a unit (250ms, 5s, 15m, 2h, 1d),"
            + " hours, minutes and seconds together (1h30m), or ISO-8601 (PT15M, P1D)",
        e.getMessage());
    CliError zero = assertThrows(CliError.class, () -> Durations.parse("--timeout", "0s"));
    assertEquals("--timeout: '0s' is too short: it must be longer than zero", zero.getMessage());
  }
}
