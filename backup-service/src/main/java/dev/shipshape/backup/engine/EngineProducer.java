package dev.shipshape.backup.engine;

import dev.shipshape.backup.config.BackupSettings;
import dev.shipshape.common.engine.EngineReadiness;
import dev.shipshape.common.engine.HostEngines;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.Readiness;

/** The engines of the hosts this instance serves ({@code shipshape.backup.engines}). */
public class EngineProducer {
  /** Ready only while every served engine answers: a request for any of them may come. */
  @Produces
  @Singleton
  @Readiness
  HealthCheck readiness(HostEngines engines) {
    return new EngineReadiness(engines);
  }

  @Produces
  @Singleton
  HostEngines engines(BackupSettings settings) {
    return new HostEngines(settings.engines());
  }
}
