package dev.shipshape.common.rest;

import dev.shipshape.common.event.Parts.Problem;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 9457 problem details, the one error body every Shipshape API answers with: a request that
 * cannot be carried out lists every problem found, so the caller can fix them all at once.
 */
public final class Problems {
  public static final String MEDIA_TYPE = "application/problem+json";
  private static final String TYPES = "https://shipshape.dev/problems/";

  private Problems() {}

  /** A request that cannot be carried out as asked (400 or 422), with each field's problem. */
  public static Response invalid(int status, String title, List<Problem> problems) {
    return response(status, "invalid-request", title, Map.of("problems", problems));
  }

  /** 422: the request is well formed but cannot be carried out. */
  public static Response unprocessable(String title, List<Problem> problems) {
    return invalid(422, title, problems);
  }

  /** 400 with one problem that belongs to no field. */
  public static Response badRequest(String detail) {
    return response(400, "invalid-request", "invalid request", Map.of("detail", detail));
  }

  /** 409: the request is valid but the state it finds does not allow it now. */
  public static Response conflict(String detail) {
    return response(409, "conflict", "not possible now", Map.of("detail", detail));
  }

  /** Any other problem: {@code type} is the last part of the problem type's URI. */
  public static Response response(
      int status, String type, String title, Map<String, Object> details) {
    return builder(status, type, title, details).build();
  }

  /** The same, for a caller that adds headers. */
  public static Response.ResponseBuilder builder(
      int status, String type, String title, Map<String, Object> details) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", TYPES + type);
    body.put("title", title);
    body.put("status", status);
    body.putAll(details);
    return Response.status(status).type(MEDIA_TYPE).entity(body);
  }
}
