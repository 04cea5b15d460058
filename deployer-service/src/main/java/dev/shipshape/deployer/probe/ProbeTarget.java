package dev.shipshape.deployer.probe;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A probe on a container: {@code :PORT/PATH}. Only this form is accepted, never a full URL, so the
 * agent reaches nothing but the containers it manages and cannot be used to call anywhere else.
 */
public record ProbeTarget(int port, String path) {
  private static final Pattern FORM = Pattern.compile(":(\\d{1,5})(/[\\x21-\\x7e]*)?");

  /** The target, or empty when {@code probe} is not {@code :PORT/PATH} with a valid port. */
  public static Optional<ProbeTarget> parse(String probe) {
    Matcher m = probe == null ? null : FORM.matcher(probe);
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    int port = Integer.parseInt(m.group(1));
    if (port < 1 || port > 65535) {
      return Optional.empty();
    }
    return Optional.of(new ProbeTarget(port, m.group(2) == null ? "/" : m.group(2)));
  }

  /** The URL of this probe on a container reachable at {@code address}. */
  public String url(String address) {
    return "http://" + address + ":" + port + path;
  }
}
