package dev.shipshape.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipshape.common.testing.LocalInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The fleet as its operator reaches it from outside Shipshape: the services' REST APIs with this
 * machine's tokens, each host's engine at its address (its API, and the docker client pointed at
 * it), and the deploy/local scripts that start, stop and restart things.
 */
final class Fleet {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();
  static final String PLANNER = "http://127.0.0.1:8081";
  static final String BACKUP = "http://127.0.0.1:8082";

  final Map<String, String> infra;
  private final HttpClient http = HttpClient.newHttpClient();

  Fleet(Map<String, String> infra) {
    this.infra = infra;
  }

  /** A GET that must answer 200, as the viewer. */
  JsonNode get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = call("GET", url, "VIEWER", null);
    if (r.statusCode() != 200) {
      throw new AssertionError(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  JsonNode planner(String path) throws IOException, InterruptedException {
    return get(PLANNER + path);
  }

  JsonNode backup(String path) throws IOException, InterruptedException {
    return get(BACKUP + path);
  }

  /** A request with a JSON body (or none), as the given role; the caller checks the answer. */
  HttpResponse<String> call(String method, String url, String role, Object body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(url))
            .header("Authorization", "Bearer " + token(role))
            .header("Accept", "application/json");
    if (body == null) {
      request.method(method, HttpRequest.BodyPublishers.noBody());
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** This machine's API token for a role (deploy/local/services made them). */
  static String token(String role) throws IOException {
    String prefix = "SHIPSHAPE_" + role + "_TOKEN=";
    return Files.readAllLines(LocalInfrastructure.home().resolve("run/tokens")).stream()
        .filter(l -> l.startsWith(prefix))
        .map(l -> l.substring(prefix.length()).trim())
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + role + " token on this machine"));
  }

  S3Client s3() {
    return S3Client.builder()
        .endpointOverride(URI.create(infra.get("S3_ENDPOINT")))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create(infra.get("S3_ACCESS_KEY"), infra.get("S3_SECRET_KEY"))))
        .forcePathStyle(true)
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** Runs {@code deploy/local/NAME ARGS…} with extra environment; fails with its output. */
  String script(Map<String, String> env, String name, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("bash", ROOT.resolve("deploy/local/" + name).toString()));
    command.addAll(List.of(args));
    return run(command, env, Duration.ofMinutes(10));
  }

  /** Kills a service started by deploy/local/services at once (SIGKILL), as a crash would. */
  void kill(String service) throws IOException, InterruptedException {
    Path pidFile = LocalInfrastructure.home().resolve("run/service-" + service + ".pid");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    ProcessHandle process =
        ProcessHandle.of(pid)
            .orElseThrow(() -> new IllegalStateException(service + " is not running"));
    process.destroyForcibly();
    process.onExit().join();
  }

  /** The containers Shipshape manages for a stack on engine K (host-K), running or not. */
  List<JsonNode> containers(int engine, String stack) throws IOException, InterruptedException {
    String filters =
        URLEncoder.encode(
            "{\"label\":[\"dev.shipshape.stack=" + stack + "\"]}", StandardCharsets.UTF_8);
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(engineApi(engine) + "/containers/json?all=1&filters=" + filters))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new AssertionError("host-" + engine + "'s engine answered " + r.statusCode());
    }
    List<JsonNode> list = new ArrayList<>();
    JSON.readTree(r.body()).forEach(list::add);
    return list;
  }

  /** Removes a stack's containers, networks and volumes from engine K (a test's own clean-up). */
  void removeStack(int engine, String stack) throws IOException, InterruptedException {
    for (JsonNode c : containers(engine, stack)) {
      docker(engine, "rm", "-f", "-v", c.path("Id").asText());
    }
    String networks =
        docker(
            engine, "network", "ls", "-q", "--filter", "label=com.docker.compose.project=" + stack);
    for (String network : networks.split("\\s+")) {
      if (!network.isBlank()) {
        docker(engine, "network", "rm", network);
      }
    }
    for (String volume : docker(engine, "volume", "ls", "-q").split("\\s+")) {
      if (volume.startsWith(stack)) {
        docker(engine, "volume", "rm", "-f", volume);
      }
    }
  }

  /** Host K's engine API, at the host's address (tcp://ADDRESS:PORT as http://). */
  String engineApi(int engine) {
    return infra.get("DOCKER_HOST_" + engine).replaceFirst("^tcp://", "http://");
  }

  /** Runs a docker command against host K's engine; returns its output. */
  String docker(int engine, String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of("docker", "--host", infra.get("DOCKER_HOST_" + engine)));
    command.addAll(List.of(args));
    return run(command, Map.of(), Duration.ofMinutes(2));
  }

  /**
   * Runs a command from the repository root and returns its output; fails with that output when it
   * exits non-zero or outlives the bound (its output goes to a file, so the bound holds even while
   * it writes nothing).
   */
  private static String run(List<String> command, Map<String, String> env, Duration bound)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("fleet-", ".log");
    try {
      ProcessBuilder pb =
          new ProcessBuilder(command)
              .directory(ROOT.toFile())
              .redirectErrorStream(true)
              .redirectOutput(out.toFile());
      pb.environment().putAll(env);
      Process p = pb.start();
      boolean ended = p.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
      if (!ended) {
        p.destroyForcibly().waitFor();
      }
      String output = Files.readString(out);
      if (!ended || p.exitValue() != 0) {
        throw new IllegalStateException(
            String.join(" ", command)
                + (ended ? " failed (exit " + p.exitValue() + ")" : " did not end within " + bound)
                + ":\n"
                + output);
      }
      return output;
    } finally {
      Files.deleteIfExists(out);
    }
  }
}
