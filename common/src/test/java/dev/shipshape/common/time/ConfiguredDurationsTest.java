package dev.shipshape.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Settings are {@code Duration} fields of {@code @ConfigMapping} interfaces, read by the converter
 * Quarkus registers, not by {@link Durations}: whatever a request or a label may say, a property
 * may say too and means the same; an unreadable one stops startup naming the property.
 */
class ConfiguredDurationsTest {
  @ConfigMapping(prefix = "shipshape.example")
  interface Timing {
    Duration tick();
  }

  private static Timing read(String value) {
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .addDiscoveredConverters()
            .withMapping(Timing.class)
            .withSources(
                new PropertiesConfigSource(Map.of("shipshape.example.tick", value), "test", 100))
            .build();
    return config.getConfigMapping(Timing.class);
  }

  @ParameterizedTest
  @MethodSource("dev.shipshape.common.time.DurationsTest#accepted")
  void everyAcceptedFormReadsTheSame(String text, String iso) {
    assertEquals(Duration.parse(iso), read(text).tick());
    assertEquals(Durations.parse(text), read(text).tick());
  }

  @ParameterizedTest
  @ValueSource(strings = {"5 parsecs", "soon", "1d12h", "15minutes"})
  void anUnreadableValueStopsStartupNamingTheProperty(String text) {
    ConfigValidationException e = assertThrows(ConfigValidationException.class, () -> read(text));
    assertTrue(e.getMessage().contains("shipshape.example.tick"), e.getMessage());
    assertTrue(e.getMessage().contains(text), e.getMessage());
  }
}
