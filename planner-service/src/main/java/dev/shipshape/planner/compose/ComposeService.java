package dev.shipshape.planner.compose;

import dev.shipshape.common.event.Parts.HealthCheck;
import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.Tier;
import dev.shipshape.common.event.Parts.VolumeMount;
import dev.shipshape.common.probe.GoldenRequest;
import java.util.List;
import java.util.Map;

/**
 * One service of a stack as the compose file declares it, with what Shipshape infers: its tier,
 * whether it holds data, and how it wants to be backed up, watched and swapped ({@code shareable}:
 * its data mounts may have two writers at once, so it can be swapped start-first). A build-only
 * service ({@code build:} without {@code image:}) has an empty image: it is ordered with the rest
 * and shown, never updated. {@code networks} are the declared ones with their aliases (empty: the
 * project's default network); {@code ignoredKeys} are keys compose applies and Shipshape does not;
 * {@code golden} its golden requests and {@code dbErrors} its own database-connection error
 * patterns (null: the monitor's defaults); {@code dependants} the services whose {@code depends_on}
 * names it.
 */
public record ComposeService(
    String name,
    String image,
    String containerName,
    Map<String, String> environment,
    List<String> command,
    List<String> entrypoint,
    List<PortBinding> ports,
    List<VolumeMount> volumes,
    Map<String, String> labels,
    HealthCheck healthCheck,
    String restart,
    Map<String, String> dependsOn,
    Tier tier,
    String backupMode,
    String probe,
    String window,
    boolean shareable,
    boolean buildOnly,
    Map<String, List<String>> networks,
    List<String> ignoredKeys,
    List<GoldenRequest> golden,
    String dbErrors,
    List<String> dependants) {

  /** The same service, with the services that depend on it ({@code depends_on} read backwards). */
  public ComposeService withDependants(List<String> names) {
    return new ComposeService(
        name,
        image,
        containerName,
        environment,
        command,
        entrypoint,
        ports,
        volumes,
        labels,
        healthCheck,
        restart,
        dependsOn,
        tier,
        backupMode,
        probe,
        window,
        shareable,
        buildOnly,
        networks,
        ignoredKeys,
        golden,
        dbErrors,
        List.copyOf(names));
  }

  /** Holds data that cannot be recreated: a named volume or a bind mount. */
  public boolean stateful() {
    return !volumes.isEmpty();
  }

  /** Writes to a mount: two copies would be two writers on the same data. */
  public boolean writesData() {
    return volumes.stream().anyMatch(v -> !v.readOnly());
  }

  /** A fixed host port means two copies cannot run at once. */
  public boolean fixedHostPort() {
    return ports.stream().anyMatch(p -> p.hostPort() > 0);
  }
}
