package dev.shipshape.deployer.rest;

import com.github.dockerjava.api.model.Container;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.deployer.engine.ContainerEngine;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What Shipshape manages on this host: each container with its service, release and health. */
@Path("/api/containers")
@Produces(MediaType.APPLICATION_JSON)
public class ContainerResource {
  private final ContainerEngine engine;
  private final String hostId;

  public ContainerResource(
      ContainerEngine engine, @ConfigProperty(name = "shipshape.host.id") String hostId) {
    this.engine = engine;
    this.hostId = hostId;
  }

  /** One managed container as shown to operators. */
  public record ManagedContainer(
      String host,
      String name,
      String stack,
      String service,
      String image,
      String imageId,
      String update,
      String state,
      String status) {}

  @GET
  public List<ManagedContainer> list() {
    return engine.managed().stream().map(this::view).toList();
  }

  private ManagedContainer view(Container c) {
    Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
    String name =
        c.getNames() == null || c.getNames().length == 0
            ? c.getId()
            : c.getNames()[0].replaceFirst("^/", "");
    return new ManagedContainer(
        hostId,
        name,
        labels.get(Labels.STACK),
        labels.get(Labels.SERVICE),
        labels.getOrDefault(Labels.IMAGE, c.getImage()),
        c.getImageId(),
        labels.get(Labels.UPDATE),
        c.getState(),
        c.getStatus());
  }
}
