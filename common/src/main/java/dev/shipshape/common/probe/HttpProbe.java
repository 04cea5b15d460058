package dev.shipshape.common.probe;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * An HTTP GET timed from the request to the end of the response, with a bound on the whole
 * exchange, so that a service that hangs costs the prober no more than the timeout.
 */
public final class HttpProbe {
  private final HttpClient http;

  public HttpProbe(Duration connectTimeout) {
    this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
  }

  public ProbeResult get(String url, Duration timeout) {
    long t0 = System.nanoTime();
    try {
      HttpResponse<Void> response =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build(),
              HttpResponse.BodyHandlers.discarding());
      return ProbeResult.answered(response.statusCode(), (System.nanoTime() - t0) / 1e6);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeResult.failed("probe " + url + " interrupted");
    } catch (Exception e) {
      return ProbeResult.failed(
          "probe " + url + " failed: " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
  }
}
