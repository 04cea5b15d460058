package dev.shipshape.common.security;

import dev.shipshape.common.rest.Problems;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.util.List;
import java.util.Map;

/**
 * Refuses an {@code /api} call whose path or query holds a control character (U+0000 to U+001F,
 * U+007F): no stack, host, service or state is named so, and a NUL would reach the database, which
 * refuses it with a server error of its own. The caller gets 400 naming the part.
 */
@Provider
@Priority(Priorities.AUTHENTICATION + 100)
public class ControlCharacterFilter implements ContainerRequestFilter {
  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api") && !path.startsWith("api")) {
      return;
    }
    if (hasControl(path)) {
      request.abortWith(problem("the path holds a control character"));
      return;
    }
    MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
    for (Map.Entry<String, List<String>> p : query.entrySet()) {
      if (hasControl(p.getKey())
          || p.getValue().stream().anyMatch(ControlCharacterFilter::hasControl)) {
        request.abortWith(
            problem("query parameter " + printable(p.getKey()) + " holds a control character"));
        return;
      }
    }
  }

  static boolean hasControl(String s) {
    return s != null && s.chars().anyMatch(c -> c < 0x20 || c == 0x7f);
  }

  private static String printable(String s) {
    return s.replaceAll("\\p{Cntrl}", "?");
  }

  private static Response problem(String detail) {
    return Problems.badRequest(detail);
  }
}
