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

  /**
   * The digest this image has in the repository a reference names (the reference's own digest when
   * it is pinned and matches), else {@link #digest()}.
   */
  public String digestFor(String reference) {
    int at = reference == null ? -1 : reference.indexOf('@');
    if (at >= 0 && matches(reference.substring(at + 1))) {
      return reference.substring(at + 1);
    }
    String repository = repositoryOf(reference);
    return repoDigests.stream()
        .filter(d -> d.startsWith(repository + "@"))
        .map(d -> d.substring(d.indexOf('@') + 1))
        .findFirst()
        .orElseGet(this::digest);
  }

  private static String repositoryOf(String reference) {
    if (reference == null) {
      return "";
    }
    String name =
        reference.contains("@") ? reference.substring(0, reference.indexOf('@')) : reference;
    int colon = name.lastIndexOf(':');
    return colon > name.lastIndexOf('/') ? name.substring(0, colon) : name;
  }

  /** Whether this image is the one a digest or id names. */
  public boolean matches(String digest) {
    return id.equals(digest)
        || id.equals("sha256:" + digest)
        || repoDigests.stream().anyMatch(d -> d.endsWith("@" + digest));
  }
}
