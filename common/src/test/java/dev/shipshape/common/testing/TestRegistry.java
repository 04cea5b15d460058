package dev.shipshape.common.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.common.event.EventCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The local registry ({@code deploy/local/up}) as tests use it: puts an image the registry already
 * holds under a test's own repository and tag — and moves a tag to another image — through the
 * registry's HTTP API (cross-repository blob mount, manifest PUT), as a {@code push} would.
 */
public final class TestRegistry {
  private static final String MANIFEST_V2 = "application/vnd.docker.distribution.manifest.v2+json";
  private static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

  private final String address;
  private final HttpClient http = HttpClient.newHttpClient();

  public TestRegistry(String address) {
    this.address = address;
  }

  /** The registry {@code deploy/local/up} started (REGISTRY in run/shipshape.env). */
  public static TestRegistry local() {
    try {
      return new TestRegistry(
          LocalInfrastructure.readEnv(LocalInfrastructure.home().resolve("run/shipshape.env"))
              .getOrDefault("REGISTRY", "10.77.0.1:15000"));
    } catch (IOException e) {
      throw new IllegalStateException("the local infrastructure is not up: run deploy/local/up", e);
    }
  }

  public String address() {
    return address;
  }

  /** {@code address/repository:tag}, the reference an image on this registry has. */
  public String reference(String repository, String tag) {
    return address + "/" + repository + ":" + tag;
  }

  /** The manifest digest the registry reports for {@code repository:tagOrDigest}, or null. */
  public String digest(String repository, String tagOrDigest) {
    HttpResponse<Void> head =
        send(
            HttpRequest.newBuilder(manifest(repository, tagOrDigest))
                .header("Accept", MANIFEST_V2 + ", " + OCI_MANIFEST)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()),
            HttpResponse.BodyHandlers.discarding());
    return head.statusCode() == 200
        ? head.headers().firstValue("Docker-Content-Digest").orElse(null)
        : null;
  }

  /**
   * Makes {@code toRepository:toTag} name the image {@code fromRepository:fromTag} names (a new
   * tag, or a moved one); returns the manifest digest it now names.
   */
  public String copy(String fromRepository, String fromTag, String toRepository, String toTag) {
    HttpResponse<String> source =
        send(
            HttpRequest.newBuilder(manifest(fromRepository, fromTag))
                .header("Accept", MANIFEST_V2 + ", " + OCI_MANIFEST)
                .GET(),
            HttpResponse.BodyHandlers.ofString());
    if (source.statusCode() != 200) {
      throw new IllegalStateException(
          fromRepository + ":" + fromTag + " is not in " + address + ": " + source.statusCode());
    }
    String mediaType = source.headers().firstValue("Content-Type").orElse(MANIFEST_V2);
    for (String blob : blobs(source.body())) {
      HttpResponse<Void> mount =
          send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://"
                              + address
                              + "/v2/"
                              + toRepository
                              + "/blobs/uploads/?mount="
                              + blob
                              + "&from="
                              + fromRepository))
                  .POST(HttpRequest.BodyPublishers.noBody()),
              HttpResponse.BodyHandlers.discarding());
      if (mount.statusCode() != 201) {
        throw new IllegalStateException("cannot mount " + blob + ": " + mount.statusCode());
      }
    }
    HttpResponse<String> put =
        send(
            HttpRequest.newBuilder(manifest(toRepository, toTag))
                .header("Content-Type", mediaType)
                .PUT(HttpRequest.BodyPublishers.ofString(source.body())),
            HttpResponse.BodyHandlers.ofString());
    if (put.statusCode() != 201) {
      throw new IllegalStateException(
          "cannot tag " + toRepository + ":" + toTag + ": " + put.statusCode() + " " + put.body());
    }
    return put.headers().firstValue("Docker-Content-Digest").orElseThrow();
  }

  /** Deletes the manifest {@code repository@digest} (and so every tag naming it). */
  public void delete(String repository, String digest) {
    HttpResponse<String> delete =
        send(
            HttpRequest.newBuilder(manifest(repository, digest)).DELETE(),
            HttpResponse.BodyHandlers.ofString());
    if (delete.statusCode() != 202) {
      throw new IllegalStateException(
          "cannot delete "
              + repository
              + "@"
              + digest
              + ": "
              + delete.statusCode()
              + " "
              + delete.body());
    }
  }

  private static List<String> blobs(String manifest) {
    try {
      JsonNode json = EventCodec.mapper().readTree(manifest);
      List<String> digests = new ArrayList<>();
      digests.add(json.path("config").path("digest").asText());
      json.path("layers").forEach(l -> digests.add(l.path("digest").asText()));
      return digests;
    } catch (IOException e) {
      throw new IllegalStateException("unreadable manifest", e);
    }
  }

  private URI manifest(String repository, String reference) {
    return URI.create("http://" + address + "/v2/" + repository + "/manifests/" + reference);
  }

  private <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) {
    try {
      return http.send(request.build(), body);
    } catch (IOException e) {
      throw new IllegalStateException("registry " + address + " cannot be reached", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
