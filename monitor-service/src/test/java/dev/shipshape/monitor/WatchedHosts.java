package dev.shipshape.monitor;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.RestartPolicy;
import dev.shipshape.common.engine.EngineClients;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.DeployDone;
import dev.shipshape.common.testing.KafkaProbe;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A test's stack on the watched test hosts ({@code test-host-K}, on the engines the monitor itself
 * is configured with): its service's container run as the deployer leaves it, and the events that
 * announce it, read back from the real broker.
 */
final class WatchedHosts implements AutoCloseable {
  static final Duration BOUND = Duration.ofSeconds(60);

  final String stack;
  final KafkaProbe kafka;
  private final Map<Integer, DockerClient> engines = new HashMap<>();

  WatchedHosts(String prefix) {
    this.stack = prefix + UUID.randomUUID().toString().substring(0, 8);
    this.kafka =
        new KafkaProbe(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
  }

  static String hostId(int host) {
    return "test-host-" + host;
  }

  /** Host K's engine, at the address the monitor reaches it on. */
  DockerClient engine(int host) {
    return engines.computeIfAbsent(
        host,
        h ->
            EngineClients.connect(
                ConfigProvider.getConfig()
                    .getValue("shipshape.monitor.engines." + hostId(h), String.class)));
  }

  /**
   * Runs the service's container on host K as the deployer would leave it: managed, labelled for
   * the monitor, the probe (if any) as the service declares it. Returns its image id.
   */
  String run(int host, String image, String window, String probe, RestartPolicy restart) {
    return run(host, image, window, probe, restart, Map.of());
  }

  /** As {@link #run(int, String, String, String, RestartPolicy)}, with more labels (checks). */
  String run(
      int host,
      String image,
      String window,
      String probe,
      RestartPolicy restart,
      Map<String, String> more) {
    DockerClient docker = engine(host);
    Map<String, String> labels = new HashMap<>(more);
    labels.put(Labels.MANAGED, "true");
    labels.put(Labels.STACK, stack);
    labels.put(Labels.SERVICE, "agent");
    labels.put(Labels.WINDOW, window);
    labels.put(Labels.INTERVAL, "1s");
    if (probe != null) {
      labels.put(Labels.PROBE, probe);
    }
    removeAll(docker);
    String id =
        docker
            .createContainerCmd(image)
            .withName(stack + "-agent-1")
            .withLabels(labels)
            .withStopTimeout(5)
            .withHostConfig(
                HostConfig.newHostConfig()
                    .withRestartPolicy(restart == null ? RestartPolicy.noRestart() : restart))
            .exec()
            .getId();
    docker.startContainerCmd(id).exec();
    return docker.inspectContainerCmd(id).exec().getImageId();
  }

  /** Runs the image on host K with the usual probe and announces the deploy; the update id. */
  String deployed(int host, String image, String window) {
    return announce(host, image, run(host, image, window, ":8080/version", null));
  }

  /** Announces a deploy of the service on host K, as the deployer does when it is done. */
  String announce(int host, String image, String digest) {
    String updateId = UUID.randomUUID().toString();
    publish(
        EventEnvelope.of(
            updateId,
            stack,
            hostId(host),
            DeployDone.of(
                stack,
                hostId(host),
                "agent",
                "localhost/shipshape/httpd:0.9.0",
                "sha256:previous",
                image,
                digest,
                List.of(),
                Map.of(),
                null)));
    return updateId;
  }

  void publish(EventEnvelope<? extends Payload> event) {
    kafka.publish(event);
  }

  <P extends Payload> P awaitEvent(String topic, String updateId) {
    return kafka.awaitPayload(topic, updateId, BOUND);
  }

  long eventsFor(String topic, String updateId) {
    return kafka.all(topic).stream()
        .filter(r -> r.value().contains("\"updateId\":\"" + updateId + "\""))
        .count();
  }

  private void removeAll(DockerClient docker) {
    docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.STACK, stack))
        .exec()
        .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
  }

  @Override
  public void close() throws Exception {
    for (DockerClient docker : engines.values()) {
      removeAll(docker);
      docker.close();
    }
    kafka.close();
  }
}
