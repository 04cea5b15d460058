package dev.shipshape.planner.rest;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.event.Payloads.UpdateRequested;
import dev.shipshape.common.rest.Problems;
import dev.shipshape.common.security.Caller;
import dev.shipshape.planner.config.PolicySettings;
import dev.shipshape.planner.intake.UpdateIntake;
import dev.shipshape.planner.intake.UpdateIntake.Verdict;
import dev.shipshape.planner.persistence.TimelineRepository;
import dev.shipshape.planner.persistence.UpdateBackupRepository;
import dev.shipshape.planner.persistence.UpdateRequestRecord;
import dev.shipshape.planner.persistence.UpdateRequestRepository;
import dev.shipshape.planner.persistence.UpdateStepRepository;
import dev.shipshape.planner.saga.UpdateControl;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.List;
import java.util.Map;

/** Update requests over REST: the same validation and code path as Kafka. */
@Path("/api/updates")
@Produces(MediaType.APPLICATION_JSON)
public class UpdateResource {
  /**
   * A person typed this request: an unknown field is a typo that must not silently change what the
   * update does, so it is refused (events on Kafka keep the tolerant-reader rule).
   */
  private static final ObjectReader STRICT =
      EventCodec.mapper().reader().with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private final UpdateIntake intake;
  private final UpdateRequestRepository updates;
  private final PolicySettings policy;
  private final UpdateStepRepository steps;
  private final UpdateBackupRepository backups;
  private final TimelineRepository timeline;
  private final UpdateControl control;

  public UpdateResource(
      UpdateIntake intake,
      UpdateRequestRepository updates,
      PolicySettings policy,
      UpdateStepRepository steps,
      UpdateBackupRepository backups,
      TimelineRepository timeline,
      UpdateControl control) {
    this.intake = intake;
    this.updates = updates;
    this.policy = policy;
    this.steps = steps;
    this.backups = backups;
    this.timeline = timeline;
    this.control = control;
  }

  /**
   * Accepted: 202 with the update id and plan. Nothing to change: 200, the update succeeded with no
   * step and its summary says so. Refused: 422 with every problem.
   */
  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response submit(String body, @Context SecurityContext caller) {
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
      request = STRICT.forType(UpdateRequested.class).readValue(body);
    } catch (java.io.IOException e) {
      return Problems.unprocessable(
          "update refused",
          List.of(
              new Problem(
                  "body",
                  "not a valid update request: " + e.getMessage().lines().findFirst().orElse(""))));
    }
    if (request == null) {
      return Problems.unprocessable(
          "update refused", List.of(new Problem("body", "an update request is required")));
    }
    if (request.requestedBy() == null || request.requestedBy().isBlank()) {
      request =
          UpdateRequested.of(
              request.requestId(),
              request.stack(),
              request.services(),
              request.hosts(),
              request.rollout(),
              Caller.nameOf(caller, null),
              request.reason());
    }
    Verdict verdict = intake.submit(request, null);
    if (!verdict.accepted()) {
      return Problems.unprocessable("update refused", verdict.problems());
    }
    // Nothing to change: the update has already ended, so it is answered as done, not accepted.
    return verdict.summary() != null
        ? Response.ok(verdict).build()
        : Response.accepted(verdict).build();
  }

  @GET
  @Path("/{id}")
  @Transactional
  public UpdateView get(@PathParam("id") String id) {
    return view(find(id));
  }

  /** Updates, newest first; {@code host} keeps those whose plan touches that host. */
  @GET
  @Transactional
  public List<UpdateView> list(
      @QueryParam("stack") String stack,
      @QueryParam("host") String host,
      @QueryParam("state") String state) {
    return updates.search(stack, state).stream()
        .map(this::view)
        .filter(v -> host == null || v.steps().stream().anyMatch(s -> host.equals(s.host())))
        .toList();
  }

  @GET
  @Path("/{id}/runbook")
  @Produces("text/markdown")
  @Transactional
  public String runbook(@PathParam("id") String id) {
    return Runbook.of(view(find(id)));
  }

  /** Rolls back everything the update changed, newest first. Body: {"reason": "..."}. */
  @POST
  @Path("/{id}/rollback")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response rollback(
      @PathParam("id") String id, Map<String, String> body, @Context SecurityContext caller) {
    String reason = body == null ? null : body.get("reason");
    if (reason == null || reason.isBlank()) {
      return Problems.unprocessable(
          "rollback refused", List.of(new Problem("reason", "say why the update is rolled back")));
    }
    return answer(id, control.rollback(id, reason, Caller.nameOf(caller, "operator")));
  }

  /** Stops the update: no further step starts. */
  @POST
  @Path("/{id}/cancel")
  public Response cancel(@PathParam("id") String id, @Context SecurityContext caller) {
    return answer(id, control.cancel(id, Caller.nameOf(caller, "operator")));
  }

  private Response answer(String id, UpdateControl.Outcome outcome) {
    if (!outcome.found()) {
      throw new NotFoundException("unknown update " + id);
    }
    if (outcome.problem() != null) {
      return Problems.conflict(outcome.problem());
    }
    return Response.accepted(Map.of("updateId", id)).build();
  }

  private UpdateRequestRecord find(String id) {
    return updates
        .findByIdOptional(id)
        .orElseThrow(() -> new NotFoundException("unknown update " + id));
  }

  private UpdateView view(UpdateRequestRecord u) {
    Verdict v = intake.verdict(u);
    return UpdateView.of(
        u,
        v.problems(),
        v.plan(),
        steps.ofUpdate(u.updateId),
        backups.ofUpdate(u.updateId),
        timeline.of(u.updateId));
  }
}
