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
    String agent = settings.agents().get(host);
    String what = golden.described();
    if (agent == null) {
      return GoldenAnswer.failed("no agent configured for " + host + " to send " + what);
    }
    try {
      String body =
          EventCodec.mapper()
              .writeValueAsString(
                  GoldenProbeRequest.of(
                      stack, service, golden, settings.probeTimeout().toMillis()));
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(agent.replaceFirst("/+$", "") + "/api/probes/golden"))
              .timeout(settings.probeTimeout().plus(ROUND_TRIP))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      settings.agentToken().ifPresent(t -> request.header("Authorization", "Bearer " + t));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return GoldenAnswer.failed(
            "the agent of "
                + host
                + " did not send "
                + what
                + ": "
                + response.statusCode()
                + " "
                + GoldenCheck.shown(response.body(), GoldenCheck.SHOWN));
      }
      return EventCodec.mapper().readValue(response.body(), GoldenAnswer.class);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return GoldenAnswer.failed(what + " on " + host + " interrupted");
    } catch (Exception e) {
      return GoldenAnswer.failed(
          "the agent of "
              + host
              + " at "
              + agent
              + " could not be asked to send "
              + what
              + ": "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage());
    }
  }

  /** Has the agent of {@code host} probe {@code :PORT/PATH} on the service's live container. */
  public ProbeResult probe(String host, String stack, String service, String probe) {
    String agent = settings.agents().get(host);
    if (agent == null) {
      return ProbeResult.failed("no agent configured for " + host + " to run probe " + probe);
    }
    try {
      String body =
          EventCodec.mapper()
              .writeValueAsString(
                  new ProbeRequest(stack, service, probe, settings.probeTimeout().toMillis()));
      HttpRequest.Builder request =
          HttpRequest.newBuilder(URI.create(agent.replaceFirst("/+$", "") + "/api/probes"))
              .timeout(settings.probeTimeout().plus(ROUND_TRIP))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body));
      settings.agentToken().ifPresent(t -> request.header("Authorization", "Bearer " + t));
      HttpResponse<String> response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        return ProbeResult.failed(
            "the agent of "
                + host
                + " did not run probe "
                + probe
                + ": "
                + response.statusCode()
                + " "
                + response.body());
      }
      return EventCodec.mapper().readValue(response.body(), ProbeResult.class);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ProbeResult.failed("probe " + probe + " on " + host + " interrupted");
    } catch (Exception e) {
      return ProbeResult.failed(
          "the agent of "
              + host
              + " at "
              + agent
              + " could not be asked to run probe "
              + probe
              + ": "
              + e.getClass().getSimpleName()
              + " "
              + e.getMessage());
    }
  }
}
