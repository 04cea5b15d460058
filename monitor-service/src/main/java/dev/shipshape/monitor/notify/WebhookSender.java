package dev.shipshape.monitor.notify;

import dev.shipshape.common.job.DaemonThreads;
import dev.shipshape.monitor.config.MonitorSettings;
import dev.shipshape.monitor.persistence.WebhookDelivery;
import dev.shipshape.monitor.persistence.WebhookDeliveryRepository;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Delivers queued webhook notifications on worker threads of its own, retrying failures and
 * timeouts with exponential backoff; a slow or failing webhook only ever delays itself.
 */
@ApplicationScoped
public class WebhookSender {
  private static final Logger LOG = Logger.getLogger(WebhookSender.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final WebhookDeliveryRepository deliveries;
  private final MonitorSettings settings;
  private final HttpClient http;
  private final ExecutorService workers =
      Executors.newFixedThreadPool(4, DaemonThreads.named("webhook-sender"));

  public WebhookSender(WebhookDeliveryRepository deliveries, MonitorSettings settings) {
    this.deliveries = deliveries;
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(settings.webhookTimeout()).build();
  }

  @Scheduled(
      every = "${shipshape.monitor.webhook-poll:1s}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void poll() {
    if (settings.webhooks().isEmpty() || workers.isShutdown()) {
      return;
    }
    Instant now = Instant.now();
    // The lease outlives one attempt, so a crashed sender's claim comes due again by itself.
    Instant lease = now.plus(settings.webhookTimeout().multipliedBy(3));
    List<Long> claimed =
        QuarkusTransaction.requiringNew()
            .call(() -> deliveries.claimDue(now, lease, 50).stream().map(d -> d.id).toList());
    claimed.forEach(id -> workers.submit(() -> attempt(id)));
  }

  private void attempt(long id) {
    WebhookDelivery d = QuarkusTransaction.requiringNew().call(() -> deliveries.findById(id));
    if (d == null || d.deliveredAt != null || d.failedAt != null) {
      return;
    }
    String error = send(d);
    QuarkusTransaction.requiringNew().run(() -> record(id, error));
  }

  /** Null when delivered, otherwise why not. */
  private String send(WebhookDelivery d) {
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(d.url))
                  .timeout(settings.webhookTimeout())
                  .header("Content-Type", "application/json")
                  .header("User-Agent", "shipshape-monitor")
                  .POST(HttpRequest.BodyPublishers.ofString(d.body))
                  .build(),
              HttpResponse.BodyHandlers.discarding());
      return response.statusCode() < 300 ? null : "answered " + response.statusCode();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (Exception e) {
      return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }
  }

  private void record(long id, String error) {
    WebhookDelivery d = deliveries.findById(id);
    Instant now = Instant.now();
    d.attempts++;
    // Only the host is logged: a webhook URL may carry a token in its path or query.
    String where = URI.create(d.url).getHost();
    if (error == null) {
      d.deliveredAt = now;
      d.lastError = null;
      LOG.infof("webhook to %s delivered %s after %d attempt(s)", where, d.eventId, d.attempts);
      return;
    }
    d.lastError = error.length() > 500 ? error.substring(0, 500) : error;
    if (d.attempts >= settings.webhookAttempts()) {
      d.failedAt = now;
      LOG.warnf(
          "webhook to %s gave up on %s after %d attempts: %s", where, d.eventId, d.attempts, error);
      return;
    }
    Duration backoff =
        settings.webhookFirstBackoff().multipliedBy(1L << Math.min(d.attempts - 1, 20));
    d.nextAt = now.plus(backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff);
    LOG.infof(
        "webhook to %s failed (%s), attempt %d; next at %s", where, error, d.attempts, d.nextAt);
  }

  void stop(@Observes ShutdownEvent event) {
    workers.shutdownNow();
  }
}
