package dev.shipshape.planner;

import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.event.Topics;
import dev.shipshape.common.testing.LocalInfrastructure;
import dev.shipshape.common.testing.ServiceContractTest;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;

/** The planner takes update requests off the real broker into its own database. */
@QuarkusTest
@WithTestResource(
    value = LocalInfrastructure.class,
    initArgs = @ResourceArg(name = "database", value = "planner"))
class PlannerContractTest extends ServiceContractTest {

  @Override
  protected String topic() {
    return Topics.UPDATE_REQUESTED;
  }

  @Override
  protected EventEnvelope<? extends Payload> sampleEvent() {
    UpdateRequested request =
        UpdateRequested.of(
            UUID.randomUUID().toString(),
            "shop",
            Map.of("agent", new ServiceChange("localhost/shipshape/httpd:1.0.0", Map.of(), null)),
            null,
            null,
            "contract-test",
            "prove intake");
    return EventEnvelope.of(UUID.randomUUID().toString(), "shop", null, request);
  }

  @Override
  protected long recordedRowsFor(EventEnvelope<? extends Payload> event) {
    return count("SELECT count(*) FROM update_request WHERE update_id = ?1", event.updateId());
  }

  @Override
  protected String apiPath() {
    return "/api/stacks";
  }
}
