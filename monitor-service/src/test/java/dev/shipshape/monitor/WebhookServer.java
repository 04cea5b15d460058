package dev.shipshape.monitor;

import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real local HTTP server standing in for an operator's webhook: for each update, its first call
 * hangs past the monitor's webhook timeout, its second answers 500, and later ones are accepted.
 */
public class WebhookServer implements QuarkusTestResourceLifecycleManager {
  static final List<String> ACCEPTED = new CopyOnWriteArrayList<>();
  private static final Map<String, AtomicInteger> CALLS = new ConcurrentHashMap<>();
  private static final Pattern UPDATE = Pattern.compile("\"updateId\":\"([^\"]+)\"");
  private static final CountDownLatch NEVER = new CountDownLatch(1);
  private HttpServer server;

  @Override
  public Map<String, String> start() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext(
        "/hook",
        exchange -> {
          String body;
          try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
          }
          Matcher m = UPDATE.matcher(body);
          String update = m.find() ? m.group(1) : "";
          int call = CALLS.computeIfAbsent(update, k -> new AtomicInteger()).incrementAndGet();
          int status = 200;
          if (call == 1) {
            try {
              NEVER.await(5, TimeUnit.SECONDS); // slow: the monitor gives up first
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          } else if (call == 2) {
            status = 500;
          } else {
            ACCEPTED.add(body);
          }
          exchange.sendResponseHeaders(status, -1);
          exchange.close();
        });
    server.start();
    return Map.of(
        "shipshape.monitor.webhooks",
        "http://127.0.0.1:" + server.getAddress().getPort() + "/hook",
        "shipshape.monitor.webhook-timeout",
        "1s",
        "shipshape.monitor.webhook-first-backoff",
        "200ms",
        "shipshape.monitor.webhook-poll",
        "200ms");
  }

  @Override
  public void stop() {
    if (server != null) {
      server.stop(0);
    }
  }
}
