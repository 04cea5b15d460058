package dev.shipshape.monitor.agent;

import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.probe.GoldenAnswer;
import dev.shipshape.common.probe.GoldenCheck;
import dev.shipshape.common.probe.GoldenProbeRequest;
import dev.shipshape.common.probe.GoldenRequest;
import dev.shipshape.common.probe.ProbeRequest;
import dev.shipshape.common.probe.ProbeResult;
import dev.shipshape.monitor.config.MonitorSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Function;

/**
 * The agent on each watched host, asked to probe a container there: a container's address is
 * reachable only on its own host, and the agent is already there. The agent measures; the monitor
 * judges.
 */
@ApplicationScoped
public class HostAgents {
  /** Time for the request to reach the agent and the answer to come back, beyond the probe's. */
  private static final Duration ROUND_TRIP = Duration.ofSeconds(2);

  private final MonitorSettings settings;
  private final HttpClient http;

  public HostAgents(MonitorSettings settings) {
    this.settings = settings;
    this.http = HttpClient.newBuilder().connectTimeout(ROUND_TRIP).build();
  }

  /**
   * Has the agent of {@code host} send a golden request to the service's live container; the answer
   * comes back unjudged, or why there was none.
   */
  public GoldenAnswer golden(String host, String stack, String service, GoldenRequest golden) {
    return ask(
        host,
        "/api/probes/golden",
        GoldenProbeRequest.of(stack, service, golden, settings.probeTimeout().toMillis()),
        "send " + golden.described(),
        GoldenAnswer.class,
        GoldenAnswer::failed);
  }

  /** Has the agent of {@code host} probe {@code :PORT/PATH} on the service's live container. */
  public ProbeResult probe(String host, String stack, String service, String probe) {
    return ask(
        host,
        "/api/probes",
        new ProbeRequest(stack, service, probe, settings.probeTimeout().toMillis()),
        "run probe " + probe,
        ProbeResult.class,
        ProbeResult::failed);
  }

  /**
   * One request to the agent of {@code host}: its answer, or {@code failed} with why there was none
   * (no agent configured, refused, unreachable, interrupted) — a check never throws.
   */
  private <T> T ask(
      String host,
      String path,
      Object request,
      String what,
      Class<T> answer,
      Function<String, T> failed) {
    String agent = settings.agents().get(host);
    if (agent == null) {
      return failed.apply("no agent configured for " + host + " to " + what);
    }
    try {
      HttpRequest.Builder post =
          HttpRequest.newBuilder(URI.create(agent.replaceFirst("/+$", "") + path))
              .timeout(settings.probeTimeout().plus(ROUND_TRIP))
              .header("Content-Type", "application/json")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      EventCodec.mapper().writeValueAsString(request)));
      settings.agentToken().ifPresent(t -> post.header("Authorization", "Bearer " + t));
      HttpResponse<String> response = http.send(post.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return failed.apply(
            "the agent of "
                + host
                + " did not "
                + what
                + ": "
                + response.statusCode()
                + " "
                + GoldenCheck.shown(response.body(), GoldenCheck.SHOWN));
      }
      return EventCodec.mapper().readValue(response.body(), answer);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed.apply(what + " on " + host + ": interrupted");
    } catch (Exception e) {
      return failed.apply(
          "the agent of "
              + host
              + " at "
              + agent
              + " could not be asked to "
              + what
              + ": "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage());
    }
  }
}
