package dev.shipshape.deployer.rest;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.secret.SecretValues;
import dev.shipshape.deployer.persistence.Release;
import dev.shipshape.deployer.persistence.ReleaseRepository;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The releases recorded for a service on this host, newest first; secret env values masked. */
@Path("/api/releases")
@Produces(MediaType.APPLICATION_JSON)
public class ReleaseResource {
  private final ReleaseRepository releases;

  public ReleaseResource(ReleaseRepository releases) {
    this.releases = releases;
  }

  /** A release as shown to operators. */
  public record ReleaseView(
      long id,
      String stack,
      String host,
      String service,
      String containerName,
      String image,
      String digest,
      String source,
      boolean knownGood,
      boolean running,
      String updateId,
      Instant recordedAt,
      Instant replacedAt,
      Map<String, String> env) {}

  @GET
  @Path("/{service}")
  public List<ReleaseView> forService(
      @PathParam("service") String service, @QueryParam("stack") String stack) {
    List<Release> found =
        stack == null ? releases.forService(service) : releases.forService(stack, service);
    return found.stream().map(ReleaseResource::view).toList();
  }

  private static ReleaseView view(Release r) {
    return new ReleaseView(
        r.id,
        r.stack,
        r.host,
        r.service,
        r.containerName,
        r.image,
        r.digest,
        r.source.name(),
        r.knownGood,
        r.replacedAt == null,
        r.updateId,
        r.recordedAt,
        r.replacedAt,
        SecretValues.masked(env(r)));
  }

  private static Map<String, String> env(Release r) {
    try {
      ServiceSpec spec = EventCodec.mapper().readValue(r.spec, ServiceSpec.class);
      return spec.env() == null ? Map.of() : spec.env();
    } catch (IOException e) {
      return Map.of();
    }
  }
}
