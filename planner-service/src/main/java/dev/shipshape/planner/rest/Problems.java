package dev.shipshape.planner.rest;

import dev.shipshape.common.event.Parts.Problem;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;

/** RFC 9457 problem details listing every problem found, so the caller can fix them all at once. */
final class Problems {
  static final String MEDIA_TYPE = "application/problem+json";

  private Problems() {}

  static Response unprocessable(String title, List<Problem> problems) {
    return Response.status(422)
        .type(MEDIA_TYPE)
        .entity(
            Map.of(
                "type",
                "https://shipshape.dev/problems/invalid-request",
                "title",
                title,
                "status",
                422,
                "problems",
                problems))
        .build();
  }

  static Response conflict(String detail) {
    return Response.status(409)
        .type(MEDIA_TYPE)
        .entity(
            Map.of(
                "type",
                "https://shipshape.dev/problems/conflict",
                "title",
                "not possible now",
                "status",
                409,
                "detail",
                detail))
        .build();
  }
}
