package dev.shipshape.deployer;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import com.github.dockerjava.api.model.Frame;
import dev.shipshape.common.engine.Labels;
import dev.shipshape.common.event.EventEnvelope;
import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.Strategy;
import dev.shipshape.common.event.Payload;
import dev.shipshape.common.event.Payloads.DeployRequested;
import dev.shipshape.common.event.Payloads.RollbackTriggered;
import dev.shipshape.common.testing.KafkaProbe;
import dev.shipshape.common.testing.TestStacks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Sends deployer commands the way the planner does and reads the outcome from the real broker; one
 * stack per test so that tests never see each other's containers.
 */
final class DeployerFixture implements AutoCloseable {
  static final String V1 = "localhost/shipshape/httpd:1.0.0";
  static final String V2 = "localhost/shipshape/httpd:1.1.0";
  static final Duration BOUND = Duration.ofSeconds(90);

  final String stack = "t" + UUID.randomUUID().toString().substring(0, 8);
  final String host;
  final KafkaProbe kafka;
  final DockerClient docker;

  /** A fixture for a Quarkus test: the broker the test's deployer uses, on its engine. */
  static DeployerFixture inQuarkusTest(DockerClient docker, String host) {
    return new DeployerFixture(
        ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class), docker, host);
  }

  DeployerFixture(String bootstrap, DockerClient docker, String host) {
    this.kafka = new KafkaProbe(bootstrap);
    this.docker = docker;
    this.host = host;
  }

  String containerName() {
    return containerName("agent");
  }

  /** The name compose gives the service's first container, which the deployer adopts. */
  String containerName(String service) {
    return stack + "-" + service + "-1";
  }

  static ServiceSpec spec(String image, Map<String, String> env) {
    return new ServiceSpec(image, null, env, null, null, null, null, null, null, null, null);
  }

  static ServiceSpec spec(
      String image, Map<String, String> env, List<PortBinding> ports, Map<String, String> labels) {
    return new ServiceSpec(image, null, env, null, null, ports, null, labels, null, null, null);
  }

  /** Publishes a deploy of the agent service and returns its update id. */
  String deploy(ServiceSpec spec, Strategy strategy, boolean preflight) {
    return deploy("agent", spec, strategy, preflight);
  }

  String deploy(ServiceSpec spec) {
    return deploy(spec, Strategy.START_FIRST, false);
  }

  /** Publishes a deploy of a service and returns its update id. */
  String deploy(String service, ServiceSpec spec, Strategy strategy, boolean preflight) {
    return kafka.command(
        stack, host, DeployRequested.of(stack, host, service, spec, strategy, preflight, null));
  }

  String rollback(String targetDigest) {
    return rollback("agent", targetDigest);
  }

  String rollback(String service, String targetDigest) {
    return kafka.command(
        stack,
        host,
        RollbackTriggered.byMonitor(
            stack, host, service, "test", "asked by a test", null, targetDigest));
  }

  void publish(EventEnvelope<? extends Payload> event) {
    kafka.publish(event);
  }

  /** Waits for the event on {@code topic} that belongs to the update. */
  <P extends Payload> P outcome(String topic, String updateId) {
    return kafka.awaitPayload(topic, updateId, BOUND);
  }

  Optional<InspectContainerResponse> container(String name) {
    try {
      return Optional.of(docker.inspectContainerCmd(name).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * The digest the engine reports for an image in the repository the reference names (an engine
   * lists one per name and digest), else its first manifest digest, else its id.
   */
  String digest(String reference) {
    com.github.dockerjava.api.command.InspectImageResponse image =
        docker.inspectImageCmd(reference).exec();
    List<String> repoDigests = image.getRepoDigests();
    if (repoDigests == null || repoDigests.isEmpty()) {
      return image.getId();
    }
    String name =
        reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
    String repository =
        name.lastIndexOf(':') > name.lastIndexOf('/')
            ? name.substring(0, name.lastIndexOf(':'))
            : name;
    String chosen =
        repoDigests.stream()
            .filter(d -> d.startsWith(repository + "@"))
            .findFirst()
            .orElse(repoDigests.get(0));
    return chosen.substring(chosen.indexOf('@') + 1);
  }

  String imageId(String reference) {
    return docker.inspectImageCmd(reference).exec().getId();
  }

  /** The id of the container that runs the service now. */
  String idOf(String service) {
    return container(containerName(service))
        .orElseThrow(() -> new AssertionError("no container runs " + service))
        .getId();
  }

  /** Runs a command inside a container and returns its output; a non-zero exit fails the test. */
  String exec(String container, String... command) throws InterruptedException {
    String exec =
        docker
            .execCreateCmd(container)
            .withCmd(command)
            .withAttachStdout(true)
            .withAttachStderr(true)
            .exec()
            .getId();
    StringBuilder out = new StringBuilder();
    boolean finished =
        docker
            .execStartCmd(exec)
            .exec(
                new ResultCallback.Adapter<Frame>() {
                  @Override
                  public void onNext(Frame frame) {
                    out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                  }
                })
            .awaitCompletion(15, TimeUnit.SECONDS);
    Long code = docker.inspectExecCmd(exec).exec().getExitCodeLong();
    if (!finished || code == null || code != 0) {
      throw new AssertionError(
          String.join(" ", command) + " in " + container + " exited " + code + ": " + out);
    }
    return out.toString();
  }

  /**
   * The engine's own record of this stack's containers starting and stopping from {@code since}
   * (epoch milliseconds) until now, in the order the engine saw them.
   */
  List<Event> lifecycleSince(long sinceMillis) throws InterruptedException {
    List<Event> events = new ArrayList<>();
    // The engine closes the stream once "until" has passed; a second later covers "now".
    long until = System.currentTimeMillis() / 1000 + 1;
    docker
        .eventsCmd()
        .withSince(String.valueOf(sinceMillis / 1000))
        .withUntil(String.valueOf(until))
        .withEventTypeFilter(EventType.CONTAINER)
        .withEventFilter("start", "die", "stop")
        .withLabelFilter(Map.of(Labels.STACK, stack))
        .exec(
            new ResultCallback.Adapter<Event>() {
              @Override
              public void onNext(Event event) {
                events.add(event);
              }
            })
        .awaitCompletion(30, TimeUnit.SECONDS);
    return events;
  }

  /** Every container of this test's stack, by name. */
  List<String> stackContainers() {
    return stackContainersOf(stack);
  }

  /** Every container of any stack on this fixture's engine, by name. */
  List<String> stackContainersOf(String someStack) {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(Labels.STACK, someStack))
        .exec()
        .stream()
        .map(c -> c.getNames()[0].replaceFirst("^/", ""))
        .sorted()
        .toList();
  }

  @Override
  public void close() {
    kafka.close();
    removeStack(docker, stack);
  }

  /**
   * Removes a stack's containers, then the networks and volumes compose would name after it: a
   * host's engine has room for a few hundred networks, so a test leaves none behind.
   */
  static void removeStack(DockerClient docker, String stack) {
    TestStacks.removeContainers(docker, stack, false);
    docker
        .listNetworksCmd()
        .withFilter("label", List.of("com.docker.compose.project=" + stack))
        .exec()
        .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
    List<InspectVolumeResponse> volumes = docker.listVolumesCmd().exec().getVolumes();
    if (volumes != null) {
      volumes.stream()
          .filter(v -> v.getName().startsWith(stack + "_"))
          .forEach(v -> docker.removeVolumeCmd(v.getName()).exec());
    }
  }
}
