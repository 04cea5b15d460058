package dev.shipshape.common.event;

import java.util.List;
import java.util.Map;

/** Value types that several payloads share. */
public final class Parts {
  private Parts() {}

  /**
   * Whether an update carries a schema migration, and whether the old version can read its data.
   */
  public record Migration(boolean present, boolean backwardCompatible) {
    public static Migration none() {
      return new Migration(false, true);
    }
  }

  /** The target of one service in an update request. */
  public record ServiceChange(
      String image, @Nullable Map<String, String> env, @Nullable Migration migration) {}

  /**
   * How an update rolls across hosts. {@code failureThreshold}: how many failed hosts a wave may
   * have and the rollout still go on (each failed host is rolled back); a wave with more halts the
   * rollout and rolls back everything it changed, earlier waves included. 0: the first failure.
   */
  public record Rollout(
      @Nullable List<String> canaryHosts,
      int maxParallel,
      int failureThreshold,
      @Nullable String monitorWindow) {
    public static Rollout defaults() {
      return new Rollout(List.of(), 1, 0, null);
    }
  }

  /** One thing wrong with a request, in words an operator can act on. */
  public record Problem(String field, String message) {}

  /** A service's tier decides its place in the rollout order. */
  public enum Tier {
    DATABASE,
    VECTOR,
    MODEL,
    AGENT
  }

  /** How two copies of a service may overlap during a swap. */
  public enum Strategy {
    START_FIRST,
    STOP_FIRST
  }

  /** The strategy a swap ran with, and the reason it had to (or could) run that way. */
  public record SwapChoice(Strategy strategy, String reason) {}

  /** One service on one host inside a wave. */
  public record PlannedStep(
      String host,
      String service,
      Tier tier,
      String image,
      boolean stateful,
      boolean backupFirst,
      Strategy strategy) {}

  /** A set of hosts that change together; the first wave holds the canaries. */
  public record Wave(int index, boolean canary, List<String> hosts, List<PlannedStep> steps) {}

  /** A published port: container port/protocol to a host address and port. */
  public record PortBinding(
      int containerPort, String protocol, @Nullable String hostIp, int hostPort) {}

  /** A named volume or bind mount. */
  public record VolumeMount(String source, String target, boolean named, boolean readOnly) {}

  /**
   * A network the container joins, by the engine's name for it ({@code <project>_default} for
   * compose's default network), with the names other containers on it reach this one by.
   */
  public record NetworkAttachment(String network, List<String> aliases) {
    /** Compose's default network of a project, where the service is reachable by its name. */
    public static NetworkAttachment composeDefault(String project, String service) {
      return new NetworkAttachment(project + "_default", List.of(service));
    }
  }

  /** A health test as the compose file or image declares it, with timing in milliseconds. */
  public record HealthCheck(List<String> test, long intervalMs, long timeoutMs, int retries) {}

  /**
   * Everything needed to create a service's container on a host. No networks (null or empty) means
   * compose's default network of the stack, joined with the service's name as alias, as compose
   * does for a service that declares none.
   */
  public record ServiceSpec(
      String image,
      @Nullable String containerName,
      @Nullable Map<String, String> env,
      @Nullable List<String> command,
      @Nullable List<String> entrypoint,
      @Nullable List<PortBinding> ports,
      @Nullable List<VolumeMount> volumes,
      @Nullable Map<String, String> labels,
      @Nullable HealthCheck healthCheck,
      @Nullable String restartPolicy,
      @Nullable List<NetworkAttachment> networks) {

    /** The same spec with other env values (sealed or opened secrets). */
    public ServiceSpec withEnv(@Nullable Map<String, String> otherEnv) {
      return new ServiceSpec(
          image,
          containerName,
          otherEnv,
          command,
          entrypoint,
          ports,
          volumes,
          labels,
          healthCheck,
          restartPolicy,
          networks);
    }

    /** The same spec joining exactly these networks. */
    public ServiceSpec withNetworks(List<NetworkAttachment> joined) {
      return new ServiceSpec(
          image,
          containerName,
          env,
          command,
          entrypoint,
          ports,
          volumes,
          labels,
          healthCheck,
          restartPolicy,
          joined);
    }
  }

  /** One difference between the running image's config and the new one's. */
  public record ConfigChange(
      String field, String change, @Nullable String before, @Nullable String after) {}

  /** What a probe measured over a window, in milliseconds. */
  public record Latency(double p50, double p95, double p99, long samples) {}
}
