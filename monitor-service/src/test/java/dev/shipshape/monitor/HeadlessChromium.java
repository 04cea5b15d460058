package dev.shipshape.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Debian's headless Chromium driven over the DevTools protocol with the JDK's own WebSocket client:
 * navigate, and evaluate JavaScript in the page. No driver binary and no extra dependency.
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final Path profile;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();

  private HeadlessChromium(Process process, Path profile, WebSocket socket) {
    this.process = process;
    this.profile = profile;
    this.socket = socket;
  }

  static HeadlessChromium start(Duration bound) throws Exception {
    if (!Files.isExecutable(BINARY)) {
      throw new IllegalStateException(BINARY + " is missing: deploy/local/up installs chromium");
    }
    Path profile = Files.createTempDirectory("mon-chromium-");
    Process process =
        new ProcessBuilder(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-allow-origins=*",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank")
            .redirectErrorStream(true)
            .redirectOutput(profile.resolve("chromium.log").toFile())
            .start();
    Path portFile = profile.resolve("DevToolsActivePort");
    Instant deadline = Instant.now().plus(bound);
    HttpClient http = HttpClient.newHttpClient();
    String pageSocket = null;
    while (pageSocket == null) {
      if (Instant.now().isAfter(deadline) || !process.isAlive()) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "chromium did not open its DevTools port; see " + profile.resolve("chromium.log"));
      }
      pageSocket = pageSocket(http, portFile);
      if (pageSocket == null) {
        process.waitFor(100, TimeUnit.MILLISECONDS); // bounded poll while Chromium starts
      }
    }
    CompletableFuture<HeadlessChromium> self = new CompletableFuture<>();
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(URI.create(pageSocket), new Listener(self))
            .get(bound.toMillis(), TimeUnit.MILLISECONDS);
    HeadlessChromium chromium = new HeadlessChromium(process, profile, socket);
    self.complete(chromium);
    return chromium;
  }

  private static String pageSocket(HttpClient http, Path portFile) {
    try {
      List<String> lines = Files.exists(portFile) ? Files.readAllLines(portFile) : List.of();
      if (lines.isEmpty() || lines.get(0).isBlank()) {
        return null;
      }
      String body =
          http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + lines.get(0).trim() + "/json/list"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString())
              .body();
      for (JsonNode target : JSON.readTree(body)) {
        if ("page".equals(target.path("type").asText())) {
          return target.path("webSocketDebuggerUrl").asText();
        }
      }
      return null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** Sends one DevTools command and waits for its answer. */
  JsonNode call(String method, Map<String, Object> params) throws Exception {
    int id = ids.incrementAndGet();
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    socket
        .sendText(
            JSON.writeValueAsString(Map.of("id", id, "method", method, "params", params)), true)
        .get(10, TimeUnit.SECONDS);
    JsonNode answer = reply.get(30, TimeUnit.SECONDS);
    if (answer.has("error")) {
      throw new IllegalStateException(method + " failed: " + answer.get("error"));
    }
    return answer.path("result");
  }

  void navigate(String url) throws Exception {
    call("Page.navigate", Map.of("url", url));
  }

  /** The value of a JavaScript expression in the page (promises are awaited). */
  JsonNode eval(String expression) throws Exception {
    JsonNode result =
        call(
            "Runtime.evaluate",
            Map.of("expression", expression, "returnByValue", true, "awaitPromise", true));
    if (result.has("exceptionDetails")) {
      throw new IllegalStateException("page threw: " + result.get("exceptionDetails"));
    }
    return result.path("result").path("value");
  }

  boolean isTrue(String expression) {
    try {
      return eval(expression).asBoolean(false);
    } catch (Exception e) {
      return false; // e.g. while the page is still loading
    }
  }

  @Override
  public void close() throws IOException {
    socket.abort();
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(profile)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Routes answers to the command that asked; events are not needed by the tests. */
  private static final class Listener implements WebSocket.Listener {
    private final CompletableFuture<HeadlessChromium> owner;
    private final StringBuilder partial = new StringBuilder();

    Listener(CompletableFuture<HeadlessChromium> owner) {
      this.owner = owner;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        String text = partial.toString();
        partial.setLength(0);
        owner.thenAccept(
            c -> {
              try {
                JsonNode msg = JSON.readTree(text);
                if (msg.has("id")) {
                  CompletableFuture<JsonNode> reply = c.replies.remove(msg.get("id").asInt());
                  if (reply != null) {
                    reply.complete(msg);
                  }
                }
              } catch (IOException e) {
                // not a DevTools message; ignore
              }
            });
      }
      ws.request(1);
      return null;
    }
  }
}
