package dev.shipshape.monitor.rest;

import dev.shipshape.monitor.persistence.Incident;
import dev.shipshape.monitor.persistence.IncidentRepository;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Incidents: every automatic rollback, newest first. */
@Path("/api/incidents")
@Produces(MediaType.APPLICATION_JSON)
public class IncidentResource {
  private final IncidentRepository incidents;

  public IncidentResource(IncidentRepository incidents) {
    this.incidents = incidents;
  }

  @GET
  public List<Incident> list(@QueryParam("limit") @DefaultValue("100") int limit) {
    return incidents.newestFirst(Math.max(1, Math.min(limit, 1000)));
  }

  @GET
  @Path("/{id}")
  public Incident get(@PathParam("id") long id) {
    Incident incident = incidents.findById(id);
    if (incident == null) {
      throw new NotFoundException("no incident " + id);
    }
    return incident;
  }
}
