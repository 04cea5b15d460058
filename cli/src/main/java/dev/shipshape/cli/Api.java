package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The REST APIs of the four services, with the caller's bearer token. Answers are JSON trees; a
 * refusal becomes an {@link CliError} carrying the server's problem list.
 */
final class Api {
  static final ObjectMapper JSON = new ObjectMapper();

  /** Where each service listens; each can be moved with SHIPSHAPE_&lt;SERVICE&gt;_URL. */
  enum Service {
    PLANNER(8081),
    BACKUP(8082),
    MONITOR(8084);

    final int defaultPort;

    Service(int defaultPort) {
      this.defaultPort = defaultPort;
    }

    String baseUrl() {
      String url = System.getenv("SHIPSHAPE_" + name() + "_URL");
      return url != null && !url.isBlank() ? url : "http://127.0.0.1:" + defaultPort;
    }
  }

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final Tokens tokens;

  Api(Tokens tokens) {
    this.tokens = tokens;
  }

  JsonNode get(Service service, String path, Tokens.Role role) {
    return send(service, HttpRequest.newBuilder().GET(), path, role, "application/json");
  }

  String getText(Service service, String path, Tokens.Role role) {
    return call(service, HttpRequest.newBuilder().GET(), path, role, "text/markdown");
  }

  JsonNode post(Service service, String path, Object body, Tokens.Role role) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder()
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(write(body)));
    return send(service, b, path, role, "application/json");
  }

  JsonNode put(Service service, String path, String contentType, String body, Tokens.Role role) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder()
            .header("Content-Type", contentType)
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    return send(service, b, path, role, "application/json");
  }

  /** A path with its query string, leaving out parameters that were not given. */
  static String query(String path, Map<String, String> params) {
    StringJoiner q = new StringJoiner("&");
    new LinkedHashMap<>(params)
        .forEach(
            (k, v) -> {
              if (v != null && !v.isBlank()) {
                q.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8));
              }
            });
    return q.length() == 0 ? path : path + "?" + q;
  }

  static String segment(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private JsonNode send(
      Service service, HttpRequest.Builder b, String path, Tokens.Role role, String accept) {
    String body = call(service, b, path, role, accept);
    try {
      return body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
    } catch (IOException e) {
      throw new CliError(
          service.name().toLowerCase() + " answered something that is not JSON: " + body, 1);
    }
  }

  private String call(
      Service service, HttpRequest.Builder b, String path, Tokens.Role role, String accept) {
    URI uri = URI.create(service.baseUrl() + path);
    b.uri(uri)
        .timeout(Duration.ofSeconds(60))
        .header("Accept", accept + ", application/problem+json");
    tokens.forRole(role).ifPresent(t -> b.header("Authorization", "Bearer " + t));
    HttpResponse<String> response;
    try {
      response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      throw new CliError(
          "cannot reach the "
              + service.name().toLowerCase()
              + " at "
              + service.baseUrl()
              + " (is it running? deploy/local/services status)",
          3);
    } catch (IOException e) {
      throw new CliError("talking to " + uri + " failed: " + e.getMessage(), 3);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CliError("interrupted", 130);
    }
    if (response.statusCode() >= 400) {
      throw CliError.of(response.statusCode(), response.body());
    }
    return response.body();
  }

  private static String write(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
