package dev.shipshape.monitor.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;

/**
 * The dashboard page at {@code /dashboard} (Quarkus serves the same file at {@code /}). The page
 * itself holds no data: it asks for a viewer token and sends it as a bearer header on every call.
 */
@Path("/dashboard")
public class DashboardPage {
  @GET
  @Produces(MediaType.TEXT_HTML)
  public InputStream page() {
    return DashboardPage.class.getResourceAsStream("/META-INF/resources/index.html");
  }
}
