package dev.shipshape.planner.rest;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.planner.config.PolicySettings;
import dev.shipshape.planner.intake.UpdateIntake;
import dev.shipshape.planner.intake.UpdateIntake.Verdict;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateRequestRepository;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;

/** Update requests over REST: the same validation and code path as Kafka. */
@Path("/api/updates")
@Produces(MediaType.APPLICATION_JSON)
public class UpdateResource {
  private final UpdateIntake intake;
  private final UpdateRequestRepository updates;
  private final PolicySettings policy;

  public UpdateResource(
      UpdateIntake intake, UpdateRequestRepository updates, PolicySettings policy) {
    this.intake = intake;
    this.updates = updates;
    this.policy = policy;
  }

  /** Accepted: 202 with the update id and plan. Refused: 422 with every problem. */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response submit(String body) {
    if (body == null || body.isBlank()) {
      return Problems.unprocessable(
          "update refused", List.of(new Problem("body", "an update request is required")));
    }
    if (body.length() > policy.maxRequestBytes()) {
      return Problems.unprocessable(
          "update refused",
          List.of(
              new Problem(
                  "body",
                  "the request is "
                      + body.length()
                      + " bytes; the limit is "
                      + policy.maxRequestBytes())));
    }
    UpdateRequested request;
    try {
      request = EventCodec.mapper().readValue(body, UpdateRequested.class);
    } catch (java.io.IOException e) {
      return Problems.unprocessable(
          "update refused",
          List.of(
              new Problem(
                  "body",
                  "not a valid update request: " + e.getMessage().lines().findFirst().orElse(""))));
    }
    Verdict verdict = intake.submit(request, null);
    if (!verdict.accepted()) {
      return Problems.unprocessable("update refused", verdict.problems());
    }
    return Response.accepted(verdict).build();
  }

  @GET
  @Path("/{id}")
  public Verdict get(@PathParam("id") String id) {
    UpdateRequestRecord row =
        updates
            .findByIdOptional(id)
            .orElseThrow(() -> new NotFoundException("unknown update " + id));
    return intake.verdict(row);
  }

  @GET
  public List<Verdict> list(@QueryParam("stack") String stack, @QueryParam("state") String state) {
    return updates.listAll().stream()
        .filter(u -> stack == null || stack.equals(u.stack))
        .filter(u -> state == null || state.equalsIgnoreCase(u.status))
        .map(intake::verdict)
        .toList();
  }
}
