package dev.shipshape.common.secret;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Keeps secret values out of logs, events and API answers: a value whose name looks like a secret
 * is shown only as a short hash, enough to tell that it changed and never enough to read it.
 */
public final class SecretValues {
  private static final Pattern SECRET_NAME =
      Pattern.compile(
          "(?i).*(pass(word|wd)?|secret|token|api[_-]?key|private[_-]?key|access[_-]?key|credential|auth).*");

  private SecretValues() {}

  public static boolean isSecretName(String name) {
    return name != null && SECRET_NAME.matcher(name).matches();
  }

  /** The value as it may be shown: unchanged, or {@code sha256:<12 hex>} for a secret. */
  public static String shown(String name, String value) {
    if (value == null || !isSecretName(name)) {
      return value;
    }
    return "sha256:" + sha256(value).substring(0, 12);
  }

  /** An env map with every secret value replaced by its short hash. */
  public static Map<String, String> masked(Map<String, String> env) {
    Map<String, String> shown = new LinkedHashMap<>();
    if (env != null) {
      env.forEach((k, v) -> shown.put(k, shown(k, v)));
    }
    return shown;
  }

  public static String sha256(String value) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  }
}
