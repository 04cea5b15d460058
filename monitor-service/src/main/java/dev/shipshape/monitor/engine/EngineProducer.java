package dev.shipshape.monitor.engine;

import dev.shipshape.common.engine.HostEngines;
import dev.shipshape.monitor.config.MonitorSettings;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The engines of the watched hosts ({@code shipshape.monitor.engines}). No readiness check over
 * them: a host that does not answer is what the monitor reports, not a reason to stop taking work.
 */
public class EngineProducer {
  @Produces
  @Singleton
  HostEngines engines(MonitorSettings settings) {
    return new HostEngines(settings.engines());
  }
}
