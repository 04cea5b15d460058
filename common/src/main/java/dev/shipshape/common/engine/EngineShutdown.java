package dev.shipshape.common.engine;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Closes the service's engine clients when it stops, so that a service only says which engines it
 * has (by producing its {@link HostEngines}) and never how they are closed.
 */
@ApplicationScoped
public class EngineShutdown {
  void close(@Observes ShutdownEvent event, Instance<HostEngines> engines) {
    // A service without engines (the planner) produces none: nothing to close.
    if (engines.isResolvable()) {
      engines.get().close();
    }
  }
}
