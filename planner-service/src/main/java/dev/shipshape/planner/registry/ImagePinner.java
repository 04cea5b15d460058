package dev.shipshape.planner.registry;

import dev.shipshape.planner.config.PolicySettings;
import dev.shipshape.planner.config.PolicySettings.Registry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hands each request its own {@link ImagePins} over the configured registries. */
@ApplicationScoped
public class ImagePinner {
  private final Map<String, Registry> byAddress = new LinkedHashMap<>();
  private final RegistryClient client;

  public ImagePinner(PolicySettings settings, RegistryClient client) {
    this.client = client;
    settings.registries().values().forEach(r -> byAddress.put(r.address(), r));
  }

  /** A fresh set of pins: one lookup per image for the request being decided. */
  public ImagePins forRequest() {
    return new ImagePins(Map.copyOf(byAddress), client);
  }
}
