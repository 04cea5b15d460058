package dev.shipshape.deployer.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.PullResponseItem;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.shipshape.common.event.Parts.NetworkAttachment;
import dev.shipshape.common.event.Parts.PortBinding;
import dev.shipshape.common.event.Parts.ServiceSpec;
import dev.shipshape.common.event.Parts.VolumeMount;
import dev.shipshape.deployer.config.DeployerSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** This host's container engine, in the few operations a deploy needs. */
@ApplicationScoped
public class ContainerEngine {
  /** Every container Shipshape creates carries this label. */
  public static final String MANAGED = "dev.shipshape.managed";

  private final DockerClient docker;
  private final DeployerSettings settings;

  public ContainerEngine(DockerClient docker, DeployerSettings settings) {
    this.docker = docker;
    this.settings = settings;
  }

  public Optional<InspectContainerResponse> find(String nameOrId) {
    try {
      return Optional.of(docker.inspectContainerCmd(nameOrId).exec());
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * The image a reference names, pulled first if it is not on this host. A pinned reference ({@code
   * name[:tag]@sha256:…}) is looked up and pulled by its digest alone, never by its tag, so a tag
   * moved in the registry cannot change what runs; a digest already present needs no registry.
   */
  public ImageInfo ensureImage(String reference) {
    int at = reference.indexOf('@');
    if (at < 0) {
      return ensure(reference);
    }
    String name = reference.substring(0, at);
    int colon = name.lastIndexOf(':');
    String repository = colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    return ensure(repository + reference.substring(at));
  }

  /**
   * A recorded release's image: present by its image id, or pulled back by the digest it was
   * recorded with ({@code repository@digest}) when this host no longer has it.
   */
  public ImageInfo ensureRecorded(String reference, String imageId, String digest) {
    Optional<ImageInfo> present = image(imageId);
    if (present.isPresent()) {
      return present.get();
    }
    if (digest == null || digest.equals(imageId) || !digest.startsWith("sha256:")) {
      throw new EngineException(
          "image "
              + imageId
              + " ("
              + reference
              + ") is no longer on this host and was never pulled from a registry");
    }
    String name =
        reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
    int colon = name.lastIndexOf(':');
    String repository = colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
    ImageInfo pulled = ensure(repository + "@" + digest);
    if (!pulled.id().equals(imageId)) {
      throw new EngineException(
          repository + "@" + digest + " is image " + pulled.id() + ", not the recorded " + imageId);
    }
    return pulled;
  }

  private ImageInfo ensure(String reference) {
    Optional<ImageInfo> present = image(reference);
    if (present.isPresent()) {
      return present.get();
    }
    StringBuilder engineError = new StringBuilder();
    try {
      // A plain callback: docker-java's own pull callback trips over Podman's progress lines and
      // hides the engine's error (e.g. the registry's "manifest unknown").
      docker
          .pullImageCmd(reference)
          .exec(
              new ResultCallback.Adapter<PullResponseItem>() {
                @Override
                public void onNext(PullResponseItem item) {
                  if (item.getErrorDetail() != null && item.getErrorDetail().getMessage() != null) {
                    engineError.setLength(0);
                    engineError.append(item.getErrorDetail().getMessage());
                  } else if (item.getError() != null) {
                    engineError.setLength(0);
                    engineError.append(item.getError());
                  }
                }
              })
          .awaitCompletion(10, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new EngineException("interrupted while pulling " + reference, e);
    } catch (RuntimeException e) {
      throw new EngineException(
          "image " + reference + " is not on this host and could not be pulled: " + e.getMessage(),
          e);
    }
    return image(reference)
        .orElseThrow(
            () ->
                new EngineException(
                    "image "
                        + reference
                        + " is not on this host and could not be pulled: "
                        + (engineError.length() == 0
                            ? "the engine reported no image"
                            : engineError.toString())));
  }

  public Optional<ImageInfo> image(String reference) {
    try {
      InspectImageResponse image = docker.inspectImageCmd(reference).exec();
      ContainerConfig config = image.getConfig();
      return Optional.of(
          new ImageInfo(
              image.getId(),
              image.getRepoDigests() == null ? List.of() : image.getRepoDigests(),
              envMap(config == null ? null : config.getEnv()),
              config == null || config.getExposedPorts() == null
                  ? List.of()
                  : Arrays.stream(config.getExposedPorts())
                      .map(ExposedPort::toString)
                      .sorted()
                      .toList(),
              config == null || config.getVolumes() == null
                  ? List.of()
                  : config.getVolumes().keySet().stream().sorted().toList(),
              list(config == null ? null : config.getEntrypoint()),
              list(config == null ? null : config.getCmd()),
              config == null || config.getUser() == null ? "" : config.getUser(),
              config == null || config.getHealthcheck() == null
                  ? List.of()
                  : list(config.getHealthcheck().getTest())));
    } catch (NotFoundException e) {
      return Optional.empty();
    }
  }

  /**
   * Creates a container for a service spec, joined to the spec's networks (which must exist) with
   * their aliases. An isolated container (a preflight) gets no volumes, no published ports and no
   * network of the stack, so it cannot touch the service's data, clash with it, or answer for it.
   */
  public String create(
      String name, String image, ServiceSpec spec, Map<String, String> labels, boolean isolated) {
    Map<String, String> allLabels = new LinkedHashMap<>();
    if (spec.labels() != null) {
      allLabels.putAll(spec.labels());
    }
    allLabels.putAll(labels);
    allLabels.put(MANAGED, "true");
    HostConfig host =
        HostConfig.newHostConfig()
            .withInit(true)
            .withRestartPolicy(restartPolicy(spec.restartPolicy()));
    CreateContainerCmd cmd =
        docker
            .createContainerCmd(image)
            .withName(name)
            .withLabels(allLabels)
            .withStopTimeout((int) settings.stopTimeout().toSeconds());
    if (spec.env() != null) {
      cmd.withEnv(
          spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    }
    if (spec.command() != null) {
      cmd.withCmd(spec.command());
    }
    if (spec.entrypoint() != null) {
      cmd.withEntrypoint(spec.entrypoint());
    }
    if (spec.healthCheck() != null) {
      cmd.withHealthcheck(
          new HealthCheck()
              .withTest(spec.healthCheck().test())
              .withInterval(TimeUnit.MILLISECONDS.toNanos(spec.healthCheck().intervalMs()))
              .withTimeout(TimeUnit.MILLISECONDS.toNanos(spec.healthCheck().timeoutMs()))
              .withRetries(spec.healthCheck().retries()));
    }
    if (!isolated) {
      if (spec.ports() != null && !spec.ports().isEmpty()) {
        Ports bindings = new Ports();
        List<ExposedPort> exposed = new ArrayList<>();
        for (PortBinding p : spec.ports()) {
          ExposedPort port = new ExposedPort(p.containerPort(), internetProtocol(p.protocol()));
          exposed.add(port);
          bindings.bind(
              port,
              Ports.Binding.bindIpAndPort(
                  p.hostIp() == null ? "0.0.0.0" : p.hostIp(), p.hostPort()));
        }
        cmd.withExposedPorts(exposed);
        host.withPortBindings(bindings);
      }
      if (spec.volumes() != null && !spec.volumes().isEmpty()) {
        host.withBinds(spec.volumes().stream().map(ContainerEngine::bind).toList());
      }
    }
    List<NetworkAttachment> networks =
        isolated || spec.networks() == null ? List.of() : spec.networks();
    if (!networks.isEmpty()) {
      // The create call takes one network (API 1.41); the others are joined before the start.
      host.withNetworkMode(networks.get(0).network());
      cmd.withAliases(networks.get(0).aliases());
    }
    String id = cmd.withHostConfig(host).exec().getId();
    try {
      for (NetworkAttachment n : networks.stream().skip(1).toList()) {
        docker
            .connectToNetworkCmd()
            .withContainerId(id)
            .withNetworkId(n.network())
            .withContainerNetwork(new ContainerNetwork().withAliases(n.aliases()))
            .exec();
      }
    } catch (RuntimeException e) {
      remove(id);
      throw e;
    }
    return id;
  }

  /** Starts a container; one that already runs is left as it is. */
  public void start(String id) {
    try {
      docker.startContainerCmd(id).exec();
    } catch (NotModifiedException e) {
      // already running
    }
  }

  /** Stops with the configured grace period: never an instant kill of a database. */
  public void stop(String id) {
    InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
    if (Boolean.TRUE.equals(c.getState().getRunning())) {
      docker.stopContainerCmd(id).withTimeout((int) settings.stopTimeout().toSeconds()).exec();
    }
  }

  public void remove(String id) {
    try {
      stop(id);
      docker.removeContainerCmd(id).withForce(true).exec();
    } catch (NotFoundException e) {
      // already gone: removal is what we wanted
    }
  }

  public void rename(String id, String newName) {
    docker.renameContainerCmd(id).withName(newName).exec();
  }

  /** The last lines a container logged, stdout and stderr interleaved. */
  public String logTail(String id, int lines) {
    StringBuilder out = new StringBuilder();
    try {
      docker
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .withTail(lines)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
              })
          .awaitCompletion(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      out.append("(logs unavailable: ").append(e.getMessage()).append(')');
    }
    return out.toString();
  }

  /**
   * Runs a command in a container; returns its exit code and output. An engine error (the container
   * went away, the exec could not attach) is a failed run, exit code -1, not an exception: to a
   * health check it means "not healthy yet".
   */
  public ExecResult exec(String id, List<String> command, Duration timeout) {
    StringBuilder out = new StringBuilder();
    try {
      String execId =
          docker
              .execCreateCmd(id)
              .withCmd(command.toArray(String[]::new))
              .withAttachStdout(true)
              .withAttachStderr(true)
              .exec()
              .getId();
      boolean finished =
          docker
              .execStartCmd(execId)
              .exec(
                  new ResultCallback.Adapter<Frame>() {
                    @Override
                    public void onNext(Frame frame) {
                      out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                    }
                  })
              .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        return new ExecResult(-1, "timed out after " + timeout);
      }
      Long code = docker.inspectExecCmd(execId).exec().getExitCodeLong();
      return new ExecResult(code == null ? -1 : code.intValue(), out.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ExecResult(-1, "interrupted");
    } catch (RuntimeException e) {
      return new ExecResult(-1, "could not run " + command + ": " + e.getMessage());
    }
  }

  /** Containers Shipshape manages on this host. */
  public List<Container> managed() {
    return docker
        .listContainersCmd()
        .withShowAll(true)
        .withLabelFilter(Map.of(MANAGED, "true"))
        .exec();
  }

  /** The outcome of a command run inside a container. */
  public record ExecResult(int exitCode, String output) {}

  static Map<String, String> envMap(String[] env) {
    Map<String, String> map = new LinkedHashMap<>();
    if (env != null) {
      for (String entry : env) {
        int eq = entry.indexOf('=');
        map.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
      }
    }
    return map;
  }

  static List<String> list(String[] values) {
    return values == null ? List.of() : List.of(values);
  }

  static List<String> list(List<String> values) {
    return values == null ? List.of() : List.copyOf(values);
  }

  private static Bind bind(VolumeMount v) {
    return new Bind(
        v.source(), new Volume(v.target()), v.readOnly() ? AccessMode.ro : AccessMode.rw);
  }

  private static InternetProtocol internetProtocol(String protocol) {
    return protocol == null ? InternetProtocol.TCP : InternetProtocol.parse(protocol);
  }

  private static RestartPolicy restartPolicy(String policy) {
    if (policy == null || policy.isBlank() || policy.equals("no")) {
      return RestartPolicy.noRestart();
    }
    return RestartPolicy.parse(policy);
  }
}
