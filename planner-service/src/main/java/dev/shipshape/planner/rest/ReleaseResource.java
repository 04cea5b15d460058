package dev.shipshape.planner.rest;

import dev.shipshape.planner.persistence.Deployment;
import dev.shipshape.planner.persistence.DeploymentRepository;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The deployment log: which image and config ran where, from when to when, who asked, and which
 * release is the last known-good one on each host.
 */
@Path("/api/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseResource {
  private final DeploymentRepository deployments;

  public ReleaseResource(DeploymentRepository deployments) {
    this.deployments = deployments;
  }

  /** One release as the log has it. */
  public record ReleaseView(
      String stack,
      String environment,
      String host,
      String service,
      String image,
      String digest,
      String configHash,
      String updateId,
      String requestedBy,
      String kind,
      boolean running,
      boolean knownGood,
      boolean lastKnownGood,
      Instant startedAt,
      Instant endedAt,
      Instant verifiedAt) {}

  /** Newest first. */
  @GET
  @Transactional
  public List<ReleaseView> list(
      @QueryParam("stack") String stack,
      @QueryParam("host") String host,
      @QueryParam("service") String service,
      @QueryParam("env") String environment) {
    Set<String> seenGood = new HashSet<>();
    return deployments.search(stack, host, service, environment).stream()
        .map(d -> view(d, d.knownGood && seenGood.add(d.stack + "/" + d.host + "/" + d.service)))
        .toList();
  }

  private static ReleaseView view(Deployment d, boolean lastKnownGood) {
    return new ReleaseView(
        d.stack,
        d.environment,
        d.host,
        d.service,
        d.image,
        d.digest,
        d.configHash,
        d.updateId,
        d.requestedBy,
        d.kind,
        d.endedAt == null,
        d.knownGood,
        lastKnownGood,
        d.startedAt,
        d.endedAt,
        d.verifiedAt);
  }
}
