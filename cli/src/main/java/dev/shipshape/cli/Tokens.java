package dev.shipshape.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The bearer token for a call: --token or SHIPSHAPE_TOKEN when given; otherwise, on a machine set
 * up by deploy/local/services, the local token of the role the call needs (a root-only file).
 */
final class Tokens {
  enum Role {
    VIEWER,
    OPERATOR,
    ADMIN
  }

  private final String explicit;
  private final Map<Role, String> local;

  Tokens(String explicit, Map<Role, String> local) {
    this.explicit = explicit;
    this.local = local;
  }

  static Tokens from(String option) {
    String given = option != null ? option : System.getenv("SHIPSHAPE_TOKEN");
    String home = System.getenv().getOrDefault("SHIPSHAPE_HOME", "/var/tmp/shipshape");
    return new Tokens(given, readLocal(Path.of(home, "run", "tokens")));
  }

  Optional<String> forRole(Role role) {
    if (explicit != null && !explicit.isBlank()) {
      return Optional.of(explicit);
    }
    return Optional.ofNullable(local.get(role));
  }

  /** Lines SHIPSHAPE_ADMIN_TOKEN=… as deploy/local/services writes them. */
  static Map<Role, String> readLocal(Path file) {
    Map<Role, String> found = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file)) {
        for (Role r : Role.values()) {
          String prefix = "SHIPSHAPE_" + r.name() + "_TOKEN=";
          if (line.startsWith(prefix)) {
            found.put(r, line.substring(prefix.length()).strip());
          }
        }
      }
    } catch (IOException e) {
      // No local tokens here (or not readable): calls go without one and the server says 401.
    }
    return found;
  }
}
