package dev.shipshape.common.engine;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;

/**
 * Closes the service's engine clients when it stops, so that a service only says which engines it
 * has (by producing its {@link HostEngines}) and never how they are closed.
 */
@ApplicationScoped
public class EngineShutdown {
  // After the services' own shutdown observers (default priority), which stop the work that uses
  // the engines.
  void close(
      @Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) ShutdownEvent event,
      Instance<HostEngines> engines) {
    // A service without engines (the planner) produces none: nothing to close.
    if (engines.isResolvable()) {
      engines.get().close();
    }
  }
}
