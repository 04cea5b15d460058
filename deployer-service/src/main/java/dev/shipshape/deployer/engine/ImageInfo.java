package dev.shipshape.deployer.engine;

import java.util.List;
import java.util.Map;

/** What an image declares, as the engine reports it. */
public record ImageInfo(
    String id,
    List<String> repoDigests,
    Map<String, String> env,
    List<String> exposedPorts,
    List<String> volumes,
    List<String> entrypoint,
    List<String> cmd,
    String user,
    List<String> healthCheck) {

  /** The registry digest when the image came from a registry, otherwise the local image id. */
  public String digest() {
    return repoDigests.isEmpty()
        ? id
        : repoDigests.get(0).substring(repoDigests.get(0).indexOf('@') + 1);
  }

  /** Whether this image is the one a digest or id names. */
  public boolean matches(String digest) {
    return id.equals(digest)
        || id.equals("sha256:" + digest)
        || repoDigests.stream().anyMatch(d -> d.endsWith("@" + digest));
  }
}
