package dev.shipshape.planner.rest;

import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.rest.Problems;
import dev.shipshape.common.secret.SecretValues;
import dev.shipshape.common.security.Role;
import dev.shipshape.planner.persistence.StackVersion;
import dev.shipshape.planner.stack.PlanView;
import dev.shipshape.planner.stack.Stacks;
import dev.shipshape.planner.stack.Stacks.Registration;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Stacks: register a compose file as users write it (JSON with the file inside, or the YAML itself
 * with query parameters), with its environment and hosts; read them back.
 */
@Path("/api/stacks")
@Produces(MediaType.APPLICATION_JSON)
public class StackResource {
  private final Stacks stacks;

  public StackResource(Stacks stacks) {
    this.stacks = stacks;
  }

  /** A stack as shown: variables that look like secrets only as hashes. */
  public record StackView(
      String name,
      int version,
      String environment,
      List<String> hosts,
      String profile,
      Map<String, String> variables,
      boolean firstDeploy,
      String compose,
      Instant createdAt) {}

  @PUT
  @Path("/{stack}")
  @Role(Role.Level.ADMIN)
  @Consumes(MediaType.APPLICATION_JSON)
  public Response register(@PathParam("stack") String name, Registration registration) {
    if (registration == null || registration.compose() == null) {
      return Problems.unprocessable(
          "stack not registered", List.of(new Problem("compose", "the compose file is required")));
    }
    return save(name, registration);
  }

  @PUT
  @Path("/{stack}")
  @Role(Role.Level.ADMIN)
  @Consumes({"application/yaml", "application/x-yaml", "text/yaml", MediaType.TEXT_PLAIN})
  public Response registerYaml(
      @PathParam("stack") String name,
      @QueryParam("environment") String environment,
      @QueryParam("host") List<String> hosts,
      @QueryParam("profile") String profile,
      @QueryParam("firstDeploy") boolean firstDeploy,
      String compose) {
    return save(
        name, new Registration(compose, environment, hosts, profile, Map.of(), firstDeploy));
  }

  private Response save(String name, Registration r) {
    List<Problem> problems = new java.util.ArrayList<>();
    if (!Stacks.validName(name)) {
      problems.add(new Problem("stack", "'" + name + "' is not a valid stack name"));
    }
    if (r.hosts() == null || r.hosts().isEmpty()) {
      problems.add(new Problem("hosts", "name at least one host the stack runs on"));
    } else {
      r.hosts().stream()
          .filter(h -> !Stacks.validName(h))
          .forEach(h -> problems.add(new Problem("hosts", "'" + h + "' is not a valid host id")));
    }
    if (!problems.isEmpty()) {
      return Problems.unprocessable("stack not registered", problems);
    }
    List<String> composeProblems = stacks.register(name, r, "api");
    if (!composeProblems.isEmpty()) {
      return Problems.unprocessable(
          "stack not registered",
          composeProblems.stream().map(p -> new Problem("compose", p)).toList());
    }
    return Response.ok(view(stacks.current(name).orElseThrow())).build();
  }

  @GET
  public List<StackView> list() {
    return stacks.all().stream().map(StackResource::view).toList();
  }

  @GET
  @Path("/{stack}")
  public StackView get(@PathParam("stack") String name) {
    return stacks
        .current(name)
        .map(StackResource::view)
        .orElseThrow(() -> new NotFoundException("unknown stack " + name));
  }

  /**
   * What Shipshape understood of the file: per service tier, image, data and backup, swap,
   * dependencies and update order, networks — and findings, each with what to do.
   */
  @GET
  @Path("/{stack}/plan-view")
  @Role(Role.Level.VIEWER)
  public PlanView planView(@PathParam("stack") String name) {
    return stacks.planView(name).orElseThrow(() -> new NotFoundException("unknown stack " + name));
  }

  private static StackView view(StackVersion v) {
    return new StackView(
        v.name,
        v.version,
        v.environment,
        Stacks.hosts(v),
        v.profile,
        SecretValues.masked(Stacks.variables(v)),
        v.firstDeploy,
        v.compose,
        v.createdAt);
  }
}
