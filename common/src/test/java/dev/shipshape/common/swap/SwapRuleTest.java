package dev.shipshape.common.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Parts.SwapChoice;
import dev.shipshape.common.event.Parts.VolumeMount;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Never two writers on one volume, never two binds of one host port; start-first otherwise. */
class SwapRuleTest {
  private static final VolumeMount DATA = new VolumeMount("s_pgdata", "/var/lib/data", true, false);
  private static final Map<String, String> SHAREABLE = Map.of(Labels.SHAREABLE, "true");

  private static ServiceSpec spec(
      List<PortBinding> ports, List<VolumeMount> volumes, Map<String, String> labels) {
    return new ServiceSpec(
        "img:1.0.0", null, null, null, null, ports, volumes, labels, null, null, null);
  }

  @Test
  void aNamedVolumeIsSwappedStopFirstEvenWhenStartFirstIsAsked() {
    SwapChoice choice = SwapRule.decide(spec(null, List.of(DATA), null), Strategy.START_FIRST);
    assertEquals(Strategy.STOP_FIRST, choice.strategy());
    assertEquals(
        "writes to volume s_pgdata at /var/lib/data: never two writers on one volume",
        choice.reason());
  }

  @Test
  void aWritableBindMountHoldsDataToo() {
    VolumeMount bind = new VolumeMount("/srv/data", "/data", false, false);
    SwapChoice choice = SwapRule.decide(spec(null, List.of(bind), Map.of()), Strategy.START_FIRST);
    assertEquals(Strategy.STOP_FIRST, choice.strategy());
    assertTrue(choice.reason().startsWith("writes to bind mount /srv/data"), choice.reason());
  }

  @Test
  void readOnlyMountsHaveNoWriterSoTwoCopiesMayRun() {
    VolumeMount config = new VolumeMount("/etc/app.conf", "/app.conf", false, true);
    SwapChoice choice = SwapRule.decide(spec(null, List.of(config), null), Strategy.START_FIRST);
    assertEquals(
        new SwapChoice(Strategy.START_FIRST, "no fixed host port and no writable mount"), choice);
  }

  @Test
  void dataDeclaredShareableIsSwappedStartFirst() {
    SwapChoice choice = SwapRule.decide(spec(null, List.of(DATA), SHAREABLE), Strategy.START_FIRST);
    assertEquals(
        new SwapChoice(Strategy.START_FIRST, "its data mounts are declared shareable"), choice);
  }

  @Test
  void aFixedHostPortIsSwappedStopFirstEvenWhenShareable() {
    List<PortBinding> ports = List.of(new PortBinding(5432, "tcp", null, 15432));
    SwapChoice choice =
        SwapRule.decide(spec(ports, List.of(DATA), SHAREABLE), Strategy.START_FIRST);
    assertEquals(Strategy.STOP_FIRST, choice.strategy());
    assertEquals("publishes host port 15432, which two copies cannot bind", choice.reason());
  }

  @Test
  void aRandomHostPortDoesNotClash() {
    List<PortBinding> ports = List.of(new PortBinding(8080, "tcp", "127.0.0.1", 0));
    assertEquals(
        Strategy.START_FIRST,
        SwapRule.decide(spec(ports, null, null), Strategy.START_FIRST).strategy());
  }

  @Test
  void stopFirstIsHonouredWhenAsked() {
    assertEquals(
        new SwapChoice(Strategy.STOP_FIRST, "stop-first was asked for"),
        SwapRule.decide(spec(null, null, null), Strategy.STOP_FIRST));
    assertEquals(
        Strategy.STOP_FIRST,
        SwapRule.decide(spec(null, List.of(DATA), SHAREABLE), Strategy.STOP_FIRST).strategy());
  }

  @Test
  void onlyTheWordTrueMakesDataShareable() {
    Map<String, String> notQuite = Map.of(Labels.SHAREABLE, "yes");
    assertEquals(
        Strategy.STOP_FIRST,
        SwapRule.decide(spec(null, List.of(DATA), notQuite), Strategy.START_FIRST).strategy());
  }
}
