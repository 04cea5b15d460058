package dev.shipshape.common.security;

import dev.shipshape.common.rest.Problems;
import dev.shipshape.common.secret.SecretValues;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every {@code /api} call needs a bearer token. Tokens are configured only as SHA-256 hashes with a
 * role ({@code shipshape.auth.tokens=<sha256>:<role>[:<name>],…}); no token means 401, a token
 * whose role is too low means 403. Health, metrics and OpenAPI under {@code /q} stay open.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {
  private static final Logger LOG = Logger.getLogger(BearerTokenFilter.class);

  private final List<Token> tokens;

  @Context ResourceInfo resource;

  public BearerTokenFilter(
      @ConfigProperty(name = "shipshape.auth.tokens") Optional<List<String>> configured) {
    this.tokens = parse(configured.orElse(List.of()));
  }

  /** A configured token: its hash, role and a name for the logs. */
  record Token(byte[] sha256, Role.Level role, String name) {}

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    if (!path.startsWith("/api") && !path.startsWith("api")) {
      return;
    }
    String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      request.abortWith(problem(401, "a bearer token is required (Authorization: Bearer <token>)"));
      return;
    }
    Optional<Token> token = match(header.substring(7).trim());
    if (token.isEmpty()) {
      request.abortWith(problem(401, "the bearer token is not valid"));
      return;
    }
    request.setSecurityContext(new Caller(token.get().name(), token.get().role()));
    Role.Level needed = needed(request.getMethod());
    if (token.get().role().compareTo(needed) < 0) {
      LOG.infof(
          "%s (%s) refused %s %s: needs %s",
          token.get().name(), token.get().role(), request.getMethod(), path, needed);
      request.abortWith(
          problem(
              403,
              "this needs the "
                  + needed.name().toLowerCase()
                  + " role; the token has "
                  + token.get().role().name().toLowerCase()));
    }
  }

  private Role.Level needed(String method) {
    Role declared =
        resource == null || resource.getResourceMethod() == null
            ? null
            : resource.getResourceMethod().getAnnotation(Role.class);
    if (declared == null && resource != null && resource.getResourceClass() != null) {
      declared = resource.getResourceClass().getAnnotation(Role.class);
    }
    if (declared != null) {
      return declared.value();
    }
    return switch (method) {
      case "GET", "HEAD", "OPTIONS" -> Role.Level.VIEWER;
      default -> Role.Level.OPERATOR;
    };
  }

  private Optional<Token> match(String presented) {
    byte[] hash = SecretValues.sha256(presented).getBytes(StandardCharsets.US_ASCII);
    Token found = null;
    for (Token t : tokens) {
      if (MessageDigest.isEqual(t.sha256(), hash)) {
        found = t;
      }
    }
    return Optional.ofNullable(found);
  }

  private static Response problem(int status, String detail) {
    Response.ResponseBuilder r =
        status == 401
            ? Problems.builder(
                    401, "unauthenticated", "not authenticated", Map.of("detail", detail))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"shipshape\"")
            : Problems.builder(status, "forbidden", "not allowed", Map.of("detail", detail));
    return r.build();
  }

  static List<Token> parse(List<String> entries) {
    List<Token> tokens = new ArrayList<>();
    for (String entry : entries) {
      String[] parts = entry.trim().split(":");
      if (parts.length < 2 || !parts[0].matches("[0-9a-f]{64}")) {
        LOG.warnf(
            "ignoring a malformed shipshape.auth.tokens entry (expected <sha256 hex>:<role>[:<name>])");
        continue;
      }
      Role.Level role;
      try {
        role = Role.Level.valueOf(parts[1].toUpperCase(java.util.Locale.ROOT));
      } catch (IllegalArgumentException e) {
        LOG.warnf("ignoring a token with unknown role %s", parts[1]);
        continue;
      }
      tokens.add(
          new Token(
              parts[0].getBytes(StandardCharsets.US_ASCII),
              role,
              parts.length > 2 ? parts[2] : role.name().toLowerCase()));
    }
    return tokens;
  }
}
