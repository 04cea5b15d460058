package dev.shipshape.deployer.rest;

import dev.shipshape.common.event.Parts.Problem;
import dev.shipshape.common.probe.GoldenProbeRequest;
import dev.shipshape.common.probe.GoldenRequest;
import dev.shipshape.common.probe.ProbeRequest;
import dev.shipshape.common.rest.Problems;
import dev.shipshape.deployer.config.DeployerSettings;
import dev.shipshape.deployer.probe.ContainerProber;
import dev.shipshape.deployer.probe.ProbeRefused;
import dev.shipshape.deployer.probe.ProbeTarget;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * HTTP probes run on this host for the monitor, which cannot reach a container's address from
 * outside the host. The answer is the status and latency, or why there was none; the monitor
 * judges.
 */
@Path("/api/probes")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ProbeResource {
  private static final Pattern METHOD = Pattern.compile("GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

  private final ContainerProber prober;
  private final Duration maxTimeout;

  public ProbeResource(ContainerProber prober, DeployerSettings settings) {
    this.prober = prober;
    this.maxTimeout = settings.probeTimeout();
  }

  @POST
  public Response probe(ProbeRequest request) {
    List<Problem> problems = problems(request);
    if (!problems.isEmpty()) {
      return Problems.invalid(400, "the probe cannot be run as asked", problems);
    }
    Duration timeout = timeout(request.timeoutMillis());
    try {
      return Response.ok(
              prober.probe(
                  request.stack(),
                  request.service(),
                  ProbeTarget.parse(request.probe()).orElseThrow(),
                  timeout))
          .build();
    } catch (ProbeRefused refused) {
      return refusal(refused);
    }
  }

  /** Sends a golden request to a service's container here; the answer comes back unjudged. */
  @POST
  @Path("/golden")
  public Response golden(GoldenProbeRequest request) {
    List<Problem> problems = new ArrayList<>();
    if (request == null) {
      problems.add(new Problem("body", "a JSON body is required"));
    } else {
      name(problems, "stack", request.stack());
      name(problems, "service", request.service());
      GoldenRequest golden = request.golden();
      if (golden == null) {
        problems.add(new Problem("golden", "golden is required: {name, method, path, body}"));
      } else {
        if (golden.method() == null || !METHOD.matcher(golden.method()).matches()) {
          problems.add(
              new Problem(
                  "golden.method",
                  "golden.method must be GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS"));
        }
        if (ProbeTarget.parse(golden.path()).isEmpty()) {
          problems.add(
              new Problem(
                  "golden.path",
                  "golden.path must be :PORT/PATH with a port from 1 to 65535 (e.g. :8080/ask)"));
        }
      }
      if (request.timeoutMillis() != null && request.timeoutMillis() < 1) {
        problems.add(new Problem("timeoutMillis", "timeoutMillis must be at least 1"));
      }
    }
    if (!problems.isEmpty()) {
      return Problems.invalid(400, "the golden request cannot be sent as asked", problems);
    }
    Duration timeout = timeout(request.timeoutMillis());
    try {
      return Response.ok(
              prober.golden(request.stack(), request.service(), request.golden(), timeout))
          .build();
    } catch (ProbeRefused refused) {
      return refusal(refused);
    }
  }

  /**
   * A longer wait than this agent allows is cut to its limit, not refused: the monitor cannot know
   * each agent's setting, and refusing would fail every probe of a host as unhealthy.
   */
  private Duration timeout(Long millis) {
    return millis == null ? maxTimeout : Duration.ofMillis(Math.min(millis, maxTimeout.toMillis()));
  }

  private static Response refusal(ProbeRefused refused) {
    return Problems.response(
        refused.status(),
        "probe-refused",
        refused.status() == 404 ? "nothing to probe" : "not allowed",
        Map.of("detail", refused.getMessage()));
  }

  private List<Problem> problems(ProbeRequest request) {
    List<Problem> problems = new ArrayList<>();
    if (request == null) {
      problems.add(new Problem("body", "a JSON body is required"));
      return problems;
    }
    name(problems, "stack", request.stack());
    name(problems, "service", request.service());
    if (request.probe() == null || request.probe().isBlank()) {
      problems.add(new Problem("probe", "probe is required, as :PORT/PATH (e.g. :8080/health)"));
    } else if (ProbeTarget.parse(request.probe()).isEmpty()) {
      problems.add(
          new Problem(
              "probe",
              "probe must be :PORT/PATH with a port from 1 to 65535 (e.g. :8080/health); the"
                  + " agent probes only its own containers, so a full URL is not accepted"));
    }
    Long ms = request.timeoutMillis();
    if (ms != null && ms < 1) {
      problems.add(
          new Problem(
              "timeoutMillis",
              "timeoutMillis must be at least 1 (this agent waits at most "
                  + maxTimeout.toMillis()
                  + ")"));
    }
    return problems;
  }

  private static void name(List<Problem> problems, String field, String value) {
    if (value == null || value.isBlank()) {
      problems.add(new Problem(field, field + " is required"));
    } else if (!NAME.matcher(value).matches()) {
      problems.add(
          new Problem(
              field,
              field
                  + " must be letters, digits, '.', '_' or '-', starting with a letter or digit,"
                  + " at most 128 characters"));
    }
  }
}
