package dev.shipshape.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every form the one duration syntax accepts, every refusal and what it says. */
class DurationsTest {
  /** The table the CLI's parser is held to as well. */
  static List<String[]> table() throws IOException {
    try (InputStream in = DurationsTest.class.getResourceAsStream("/shipshape/durations.txt")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8)
          .lines()
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> l.split("\\|"))
          .map(p -> new String[] {p[0].trim(), p[1].trim()})
          .toList();
    }
  }

  static Stream<Arguments> accepted() throws IOException {
    return table().stream().filter(r -> !r[1].equals("refused")).map(r -> Arguments.of(r[0], r[1]));
  }

  static Stream<Arguments> refused() throws IOException {
    return table().stream().filter(r -> r[1].equals("refused")).map(r -> Arguments.of(r[0]));
  }

  @ParameterizedTest
  @MethodSource("accepted")
  void readsEveryAcceptedForm(String text, String iso) {
    assertEquals(Duration.parse(iso), Durations.parse(text));
  }

  @ParameterizedTest
  @MethodSource("refused")
  void refusesEverythingElseNamingTheValueAndTheForms(String text) {
    InvalidDurationException e =
        assertThrows(InvalidDurationException.class, () -> Durations.parse(text));
    assertEquals(
        "'"
            + text
            + "' is not a duration; use a number and a unit (250ms, 5s, 15m, 2h, 1d), hours,"
            + " minutes and seconds together (1h30m), or ISO-8601 (PT15M, P1D)",
        e.getMessage());
  }

  @Test
  void surroundingSpaceIsIgnored() {
    assertEquals(Duration.ofSeconds(5), Durations.parse(" 5s\t"));
  }

  @Test
  void nothingIsRefusedAsMissing() {
    for (String missing : new String[] {null, "", "  "}) {
      InvalidDurationException e =
          assertThrows(InvalidDurationException.class, () -> Durations.parse(missing));
      assertTrue(e.getMessage().startsWith("a duration is required; use a number and a unit"));
    }
  }

  @Test
  void isoAllowsZeroAndNegativeWhereTheCallerDoes() {
    assertEquals(Duration.ZERO, Durations.parse("0s"));
    assertEquals(Duration.ofSeconds(-5), Durations.parse("PT-5S"));
  }

  @Test
  void aPositiveDurationRefusesZeroAndNegative() {
    assertEquals(Duration.ofMinutes(15), Durations.parsePositive("15m"));
    for (String text : new String[] {"0s", "0ms", "PT0S", "PT-5S"}) {
      InvalidDurationException e =
          assertThrows(InvalidDurationException.class, () -> Durations.parsePositive(text));
      assertEquals(
          "'" + text + "' is too short: the duration must be longer than zero", e.getMessage());
    }
  }
}
