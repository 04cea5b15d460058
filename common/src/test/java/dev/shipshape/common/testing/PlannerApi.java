package dev.shipshape.common.testing;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.Rollout;
import dev.shipshape.common.event.Parts.ServiceChange;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The planner's REST API as an operator uses it, for the tests of every service that need an
 * update: register a stack, build a request with a fresh request id, submit it.
 */
public final class PlannerApi {
  private PlannerApi() {}

  /** Registers the stack's compose file on the hosts of an environment. */
  public static void putStack(
      RequestSpecification api,
      String stack,
      String compose,
      String environment,
      List<String> hosts) {
    putStack(api, stack, Map.of("compose", compose, "environment", environment, "hosts", hosts));
  }

  /** Registers the stack as given (compose, environment, hosts, and whatever else it carries). */
  public static void putStack(RequestSpecification api, String stack, Map<String, ?> registration) {
    api.contentType("application/json")
        .body(registration)
        .put("/api/stacks/" + stack)
        .then()
        .statusCode(200);
  }

  /** An update request as a caller sends one: a request id of its own. */
  public static UpdateRequested request(
      String stack,
      Map<String, ServiceChange> services,
      List<String> hosts,
      Rollout rollout,
      String requestedBy,
      String reason) {
    return UpdateRequested.of(
        UUID.randomUUID().toString(), stack, services, hosts, rollout, requestedBy, reason);
  }

  /** Submits the request and returns the update's id once the planner has accepted it (202). */
  public static String submit(RequestSpecification api, UpdateRequested request) {
    return api.contentType("application/json")
        .body(EventCodec.toJson(request))
        .post("/api/updates")
        .then()
        .statusCode(202)
        .extract()
        .path("updateId");
  }
}
