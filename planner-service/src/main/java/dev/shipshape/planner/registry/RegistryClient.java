package dev.shipshape.planner.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.planner.config.PolicySettings.Registry;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Asks a registry's HTTP API (distribution v2) which manifest digest a tag or digest names: {@code
 * HEAD /v2/<name>/manifests/<reference>} with the manifest media types, answered by {@code
 * Docker-Content-Digest}. Basic credentials, or a bearer token fetched with them when the registry
 * asks for one. Credentials only ever travel in the Authorization header.
 */
@ApplicationScoped
public class RegistryClient {
  static final String MANIFEST_TYPES =
      String.join(
          ", ",
          "application/vnd.oci.image.index.v1+json",
          "application/vnd.docker.distribution.manifest.list.v2+json",
          "application/vnd.oci.image.manifest.v1+json",
          "application/vnd.docker.distribution.manifest.v2+json");
  private static final Pattern CHALLENGE_PART = Pattern.compile("(\\w+)=\"([^\"]*)\"");
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(3))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  /** What the registry said: the digest, or why there is none (naming the registry's answer). */
  public record Answer(String digest, String problem) {
    static Answer found(String digest) {
      return new Answer(digest, null);
    }

    static Answer refused(String problem) {
      return new Answer(null, problem);
    }

    public boolean found() {
      return digest != null;
    }
  }

  /** The digest {@code repository:reference} names in the registry, or why it cannot be told. */
  public Answer resolve(Registry registry, String repository, String reference) {
    String base = registry.url().orElse("https://" + registry.address()).replaceAll("/+$", "");
    URI uri = URI.create(base + "/v2/" + repository + "/manifests/" + reference);
    try {
      Optional<String> auth = basic(registry);
      HttpResponse<Void> head = send(uri, "HEAD", auth, HttpResponse.BodyHandlers.discarding());
      if (head.statusCode() == 401) {
        Optional<String> token = bearerToken(head, registry);
        if (token.isPresent()) {
          auth = token;
          head = send(uri, "HEAD", auth, HttpResponse.BodyHandlers.discarding());
        }
      }
      if (head.statusCode() == 200) {
        return head.headers()
            .firstValue("Docker-Content-Digest")
            .map(Answer::found)
            .orElseGet(
                () ->
                    Answer.refused(
                        "registry " + registry.address() + " did not report a manifest digest"));
      }
      // A HEAD answer has no body: ask again with GET for the registry's own error words.
      HttpResponse<String> get = send(uri, "GET", auth, HttpResponse.BodyHandlers.ofString());
      return Answer.refused(
          "registry " + registry.address() + " answered " + describe(get.statusCode(), get.body()));
    } catch (IOException e) {
      return Answer.refused(
          "registry "
              + registry.address()
              + " cannot be reached at "
              + base
              + ": "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Answer.refused("interrupted while asking registry " + registry.address());
    } catch (IllegalArgumentException e) {
      return Answer.refused(
          "registry " + registry.address() + " has an unusable address: " + e.getMessage());
    }
  }

  private <T> HttpResponse<T> send(
      URI uri, String method, Optional<String> auth, HttpResponse.BodyHandler<T> body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri)
            .timeout(TIMEOUT)
            .header("Accept", MANIFEST_TYPES)
            .method(method, HttpRequest.BodyPublishers.noBody());
    auth.ifPresent(a -> request.header("Authorization", a));
    return http.send(request.build(), body);
  }

  private static Optional<String> basic(Registry registry) {
    if (registry.username().isEmpty()) {
      return Optional.empty();
    }
    String pair = registry.username().get() + ":" + registry.password().orElse("");
    return Optional.of(
        "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
  }

  /** Follows a {@code WWW-Authenticate: Bearer realm=…,service=…,scope=…} challenge. */
  private Optional<String> bearerToken(HttpResponse<?> challenge, Registry registry)
      throws IOException, InterruptedException {
    String header = challenge.headers().firstValue("WWW-Authenticate").orElse("");
    if (!header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Optional.empty();
    }
    Map<String, String> parts = new LinkedHashMap<>();
    Matcher m = CHALLENGE_PART.matcher(header);
    while (m.find()) {
      parts.put(m.group(1).toLowerCase(), m.group(2));
    }
    String realm = parts.remove("realm");
    if (realm == null) {
      return Optional.empty();
    }
    StringBuilder query = new StringBuilder();
    parts.forEach(
        (k, v) ->
            query
                .append(query.length() == 0 ? "?" : "&")
                .append(k)
                .append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(realm + query)).timeout(TIMEOUT).GET();
    basic(registry).ifPresent(a -> request.header("Authorization", a));
    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() != 200) {
      return Optional.empty();
    }
    JsonNode json = EventCodec.mapper().readTree(answer.body());
    String token = json.path("token").asText(json.path("access_token").asText(""));
    return token.isEmpty() ? Optional.empty() : Optional.of("Bearer " + token);
  }

  /** {@code 404 MANIFEST_UNKNOWN: manifest unknown}, from the registry's error document. */
  static String describe(int status, String body) {
    StringBuilder out = new StringBuilder().append(status);
    try {
      JsonNode errors = EventCodec.mapper().readTree(body == null ? "" : body).path("errors");
      for (JsonNode e : errors) {
        out.append(' ')
            .append(e.path("code").asText())
            .append(": ")
            .append(e.path("message").asText());
      }
    } catch (IOException | RuntimeException e) {
      // not an error document: the status says enough
    }
    if (out.length() == String.valueOf(status).length() && status == 401) {
      out.append(" (credentials missing or refused)");
    }
    return out.length() > 300 ? out.substring(0, 300) + "…" : out.toString();
  }
}
