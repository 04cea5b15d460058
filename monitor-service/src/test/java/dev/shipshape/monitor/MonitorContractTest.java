package dev.shipshape.monitor;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.ServiceContractTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The monitor opens a watch window for each deploy it hears of on the real broker. */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "monitor"))
class MonitorContractTest extends ServiceContractTest {

  @Override
  protected String topic() {
    return Topics.DEPLOY_DONE;
  }

  @Override
  protected EventEnvelope<? extends Payload> sampleEvent() {
    DeployDone done =
        DeployDone.of(
            "shop",
            "test-host-1",
            "agent",
            null,
            null,
            "localhost/shipshape/httpd:1.0.0",
            "sha256:" + "a".repeat(64),
            List.of(),
            Map.of("swap", 420L),
            null);
    return EventEnvelope.of(UUID.randomUUID().toString(), "shop", "test-host-1", done);
  }

  @Override
  protected long recordedRowsFor(EventEnvelope<? extends Payload> event) {
    return count("SELECT count(*) FROM watch_window WHERE event_id = ?1", event.eventId());
  }

  @Override
  protected String apiPath() {
    return "/api/incidents";
  }
}
