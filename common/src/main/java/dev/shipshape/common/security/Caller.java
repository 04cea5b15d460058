package dev.shipshape.common.security;

import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;

/**
 * Who called, as the bearer token names them: resources read it through {@code @Context
 * SecurityContext} to record who asked for a change.
 */
public record Caller(String name, Role.Level role) implements SecurityContext {
  @Override
  public Principal getUserPrincipal() {
    return this::name;
  }

  @Override
  public boolean isUserInRole(String wanted) {
    return role.name().equalsIgnoreCase(wanted);
  }

  @Override
  public boolean isSecure() {
    return false;
  }

  @Override
  public String getAuthenticationScheme() {
    return "Bearer";
  }

  /** The caller's name, or the fallback when the request carried no token. */
  public static String nameOf(SecurityContext context, String fallback) {
    return context != null && context.getUserPrincipal() != null
        ? context.getUserPrincipal().getName()
        : fallback;
  }
}
