package dev.shipshape.common.testing;

import dev.shipshape.common.secret.SecretValues;
import io.restassured.RestAssured;
import java.util.UUID;

/**
 * Bearer tokens for a test run, made fresh per JVM and configured into the service as hashes. Tests
 * call the API as admin unless they say otherwise.
 */
public final class TestTokens {
  public static final String ADMIN = "admin-" + UUID.randomUUID();
  public static final String OPERATOR = "operator-" + UUID.randomUUID();
  public static final String VIEWER = "viewer-" + UUID.randomUUID();

  /** The fleet key that seals secret env values between planner and agents in this run. */
  public static final String SECRETS_KEY = "secrets-" + UUID.randomUUID();

  private TestTokens() {}

  /** The value of {@code shipshape.auth.tokens} that accepts the three tokens. */
  static String configuration() {
    return SecretValues.sha256(ADMIN)
        + ":admin:test-admin,"
        + SecretValues.sha256(OPERATOR)
        + ":operator:test-operator,"
        + SecretValues.sha256(VIEWER)
        + ":viewer:test-viewer";
  }

  /** Makes RestAssured send the admin token by default; a test's own Authorization header wins. */
  static void useAdminByDefault() {
    RestAssured.replaceFiltersWith(
        (request, response, context) -> {
          if (!request.getHeaders().hasHeaderWithName("Authorization")) {
            request.header("Authorization", "Bearer " + ADMIN);
          }
          return context.next(request, response);
        });
  }
}
