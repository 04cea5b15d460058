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

  /**
   * Sends {@code method} with {@code body} (JSON, when there is one) and keeps the answer's body up
   * to {@link GoldenCheck#MAX_BODY} characters, for a golden request.
   */
  public GoldenAnswer exchange(String method, String url, String body, Duration timeout) {
    long t0 = System.nanoTime();
    try {
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(url))
              .timeout(timeout)
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofString(body));
      if (body != null) {
        request.header("Content-Type", "application/json");
      }
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      String text = response.body() == null ? "" : response.body();
      return GoldenAnswer.answered(
          response.statusCode(),
          (System.nanoTime() - t0) / 1e6,
          text.length() > GoldenCheck.MAX_BODY ? text.substring(0, GoldenCheck.MAX_BODY) : text);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return GoldenAnswer.failed(method + " " + url + " interrupted");
    } catch (Exception e) {
      return GoldenAnswer.failed(
          method + " " + url + " failed: " + e.getClass().getSimpleName() + " " + e.getMessage());
    }
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
