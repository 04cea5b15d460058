package dev.shipshape.deployer.engine;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerConfig;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PullResponseItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The images on this host: what a reference or a recorded release names, pulled when missing, and
 * what an image declares (env, ports, volumes, health check) for the deploy's config diff.
 */
@ApplicationScoped
public class Images {
  private final DockerClient docker;

  public Images(DockerClient docker) {
    this.docker = docker;
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
}
