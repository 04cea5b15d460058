package dev.shipshape.monitor.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.shipshape.common.engine.Labels;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A simulated host for the CPU benchmark: the few Docker Engine API calls the monitor makes (list
 * by labels, inspect, logs, stats) for N running containers, plus each one's HTTP probe. It stands
 * in for hundreds of real containers that this 2-core machine could not run.
 */
final class SimulatedEngine implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(8);
  private final String stack;
  private final int containers;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong cpuNanos = new AtomicLong();

  SimulatedEngine(String stack, int containers) throws IOException {
    this.stack = stack;
    this.containers = containers;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(workers);
    server.createContext("/", this::handle);
    server.start();
  }

  String dockerHost() {
    return "tcp://127.0.0.1:" + server.getAddress().getPort();
  }

  long requests() {
    return requests.get();
  }

  static String service(int i) {
    return "svc-" + i;
  }

  private void handle(HttpExchange x) throws IOException {
    requests.incrementAndGet();
    String path = x.getRequestURI().getPath().replaceFirst("^/v1\\.\\d+", "");
    try {
      if (path.equals("/probe")) {
        send(x, 200, "text/plain", "ok\n".getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("/_ping")) {
        send(x, 200, "text/plain", "OK".getBytes(StandardCharsets.UTF_8));
      } else if (path.equals("/containers/json")) {
        send(x, 200, "application/json", JSON.writeValueAsBytes(list(x)));
      } else if (path.matches("/containers/c\\d+/json")) {
        send(x, 200, "application/json", JSON.writeValueAsBytes(inspect(id(path))));
      } else if (path.matches("/containers/c\\d+/logs")) {
        send(x, 200, "application/vnd.docker.raw-stream", logFrame());
      } else if (path.matches("/containers/c\\d+/stats")) {
        send(x, 200, "application/json", JSON.writeValueAsBytes(stats()));
      } else {
        send(x, 404, "application/json", "{\"message\":\"not simulated\"}".getBytes());
      }
    } finally {
      x.close();
    }
  }

  private static int id(String path) {
    return Integer.parseInt(path.split("/")[2].substring(1));
  }

  private List<Map<String, Object>> list(HttpExchange x) throws IOException {
    String service = null;
    String query = x.getRequestURI().getRawQuery();
    for (String part : query == null ? new String[0] : query.split("&")) {
      if (part.startsWith("filters=")) {
        JsonNode filters =
            JSON.readTree(URLDecoder.decode(part.substring(8), StandardCharsets.UTF_8));
        for (JsonNode label : filters.path("label")) {
          if (label.asText().startsWith(Labels.SERVICE + "=")) {
            service = label.asText().substring(Labels.SERVICE.length() + 1);
          }
        }
      }
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (int i = 0; i < containers; i++) {
      if (service == null || service.equals(service(i))) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("Id", "c" + i);
        c.put("Names", List.of("/" + stack + "-" + service(i) + "-1"));
        c.put("Image", "localhost/shipshape/httpd:1.0.0");
        c.put("Labels", labels(i));
        c.put("State", "running");
        out.add(c);
      }
    }
    return out;
  }

  private Map<String, String> labels(int i) {
    return Map.of(
        Labels.STACK,
        stack,
        Labels.SERVICE,
        service(i),
        Labels.PROBE,
        "http://127.0.0.1:" + server.getAddress().getPort() + "/probe");
  }

  private Map<String, Object> inspect(int i) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("Id", "c" + i);
    c.put("Name", "/" + stack + "-" + service(i) + "-1");
    c.put("Image", "sha256:" + "5".repeat(64));
    c.put("RestartCount", 0);
    c.put("Config", Map.of("Labels", labels(i), "Image", "localhost/shipshape/httpd:1.0.0"));
    c.put(
        "State",
        Map.of(
            "Running",
            true,
            "Status",
            "running",
            "ExitCode",
            0,
            "OOMKilled",
            false,
            "Restarting",
            false));
    c.put("HostConfig", Map.of("RestartPolicy", Map.of("Name", "no", "MaximumRetryCount", 0)));
    c.put("NetworkSettings", Map.of("Networks", Map.of()));
    return c;
  }

  private Map<String, Object> stats() {
    long now = System.nanoTime();
    long used = cpuNanos.addAndGet(1_000_000);
    return Map.of(
        "read", Instant.now().toString(),
        "cpu_stats",
            Map.of(
                "cpu_usage",
                Map.of("total_usage", used),
                "system_cpu_usage",
                now * 2,
                "online_cpus",
                2),
        "precpu_stats", Map.of("cpu_usage", Map.of("total_usage", 0)),
        "memory_stats", Map.of("usage", 12_000_000, "limit", 1_000_000_000L));
  }

  /** One ordinary log line in the engine's multiplexed stream format. */
  private static byte[] logFrame() {
    byte[] line = (Instant.now() + " GET /probe 200\n").getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + line.length);
    b.put((byte) 1).put(new byte[3]).putInt(line.length).put(line);
    return b.array();
  }

  private static void send(HttpExchange x, int status, String type, byte[] body)
      throws IOException {
    x.getResponseHeaders().set("Content-Type", type);
    x.sendResponseHeaders(status, body.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }
}
