package dev.shipshape.deployer.job;

import dev.shipshape.deployer.config.DeployerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Fault injection for the crash-safety tests: halts the JVM at a named point of a swap, the way a
 * kill -9 would, with no shutdown hooks. Inert unless {@code shipshape.deployer.crash-at} is set.
 */
@ApplicationScoped
public class CrashPoints {
  private static final Logger LOG = Logger.getLogger(CrashPoints.class);

  private final String crashAt;

  public CrashPoints(DeployerSettings settings) {
    this.crashAt = settings.crashAt().orElse("");
  }

  public void reached(String point) {
    if (crashAt.equals(point)) {
      LOG.errorf("fault injection: halting at %s", point);
      Runtime.getRuntime().halt(137);
    }
  }
}
