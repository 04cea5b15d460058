package dev.shipshape.common.secret;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps secret env values out of events: the planner seals them (AES-GCM under the fleet's {@code
 * shipshape.secrets.key}) before they travel in deploy.requested, and only the host agent that
 * creates the container opens them. A log line or a topic dump shows ciphertext only.
 */
@ApplicationScoped
public class SecretBox {
  public static final String PREFIX = "sealed:v1:";
  private static final int IV_BYTES = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Optional<SecretKeySpec> key;

  public SecretBox(@ConfigProperty(name = "shipshape.secrets.key") Optional<String> key) {
    this.key =
        key.filter(k -> !k.isBlank())
            .map(
                k ->
                    new SecretKeySpec(
                        SecretValues.sha256(k).substring(0, 32).getBytes(StandardCharsets.UTF_8),
                        "AES"));
  }

  /** Whether a fleet key is configured, so secret values can travel at all. */
  public boolean canSeal() {
    return key.isPresent();
  }

  public static boolean isSealed(String value) {
    return value != null && value.startsWith(PREFIX);
  }

  /** The env with every secret-named value sealed; values sealed already stay as they are. */
  public Map<String, String> sealSecrets(Map<String, String> env) {
    if (env == null) {
      return null;
    }
    Map<String, String> sealed = new LinkedHashMap<>();
    env.forEach(
        (k, v) ->
            sealed.put(k, SecretValues.isSecretName(k) && v != null && !isSealed(v) ? seal(v) : v));
    return sealed;
  }

  /** The env as the container must get it: every sealed value opened. */
  public Map<String, String> openAll(Map<String, String> env) {
    if (env == null) {
      return null;
    }
    Map<String, String> open = new LinkedHashMap<>();
    env.forEach((k, v) -> open.put(k, open(v)));
    return open;
  }

  public String seal(String plain) {
    try {
      byte[] iv = new byte[IV_BYTES];
      RANDOM.nextBytes(iv);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key(), new GCMParameterSpec(128, iv));
      byte[] body = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[iv.length + body.length];
      System.arraycopy(iv, 0, out, 0, iv.length);
      System.arraycopy(body, 0, out, iv.length, body.length);
      return PREFIX + Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot seal a secret value", e);
    }
  }

  /** The plain value of a sealed one; anything else comes back unchanged. */
  public String open(String value) {
    if (!isSealed(value)) {
      return value;
    }
    try {
      byte[] in = Base64.getDecoder().decode(value.substring(PREFIX.length()));
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key(), new GCMParameterSpec(128, in, 0, IV_BYTES));
      return new String(c.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException(
          "a sealed secret cannot be opened: shipshape.secrets.key differs from the planner's", e);
    }
  }

  private SecretKeySpec key() {
    return key.orElseThrow(
        () ->
            new IllegalStateException(
                "shipshape.secrets.key (SHIPSHAPE_SECRETS_KEY) is not set: secret env values"
                    + " cannot travel to the hosts"));
  }
}
