package dev.shipshape.common.probe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.shipshape.common.event.EventCodec;
import dev.shipshape.common.secret.SecretValues;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Judges an answer to a golden request, pure: the status, then the JSON path or the body, with the
 * request, what was expected and what came as evidence — shortened, and with the values of
 * secret-looking JSON fields hidden. Also carries the requests on a container label.
 */
public final class GoldenCheck {
  /** How much of an answer's body is kept for matching. */
  public static final int MAX_BODY = 64 * 1024;

  /** How much of an answer's body the evidence shows. */
  public static final int SHOWN = 300;

  /** A JSON path as far as golden requests need one: {@code $}, {@code .name}, {@code [N]}. */
  private static final Pattern PATH =
      Pattern.compile("\\$((\\.[A-Za-z_][\\w-]*)|(\\[\\d+])|(\\['[^']+'])|(\\[\"[^\"]+\"]))*");

  private static final Pattern STEP =
      Pattern.compile("\\.([A-Za-z_][\\w-]*)|\\[(\\d+)]|\\['([^']+)']|\\[\"([^\"]+)\"]");

  private GoldenCheck() {}

  /** Why the answer fails the request, in words an operator reads; empty when it passes. */
  public static Optional<String> mismatch(GoldenRequest request, GoldenAnswer answer) {
    if (!answer.hasAnswer()) {
      return Optional.of(request.described() + " got no answer: " + answer.problem());
    }
    String body = answer.body() == null ? "" : answer.body();
    String expected = expected(request);
    String failed =
        request.described()
            + " expected "
            + expected
            + "; answered "
            + answer.status()
            + " "
            + shown(body, SHOWN)
            + ": ";
    if (answer.status() != request.expectedStatus()) {
      return Optional.of(failed + "status " + answer.status());
    }
    String subject = body;
    if (request.jsonPath() != null) {
      Optional<JsonNode> value;
      try {
        value = select(EventCodec.mapper().readTree(body), request.jsonPath());
      } catch (JsonProcessingException | RuntimeException e) {
        return Optional.of(failed + "the body is not JSON");
      }
      if (value.isEmpty() || value.get().isMissingNode()) {
        return Optional.of(failed + "nothing at " + request.jsonPath());
      }
      subject = value.get().isValueNode() ? value.get().asText() : value.get().toString();
      if (request.expect() != null && !request.expect().equals(subject)) {
        return Optional.of(failed + request.jsonPath() + " is " + shown(subject, 120));
      }
    } else if (request.expect() != null && !body.contains(request.expect())) {
      return Optional.of(failed + "the body does not contain it");
    }
    if (request.match() != null && !Pattern.compile(request.match()).matcher(subject).find()) {
      return Optional.of(
          failed
              + (request.jsonPath() == null ? "the body" : request.jsonPath())
              + " does not match");
    }
    return Optional.empty();
  }

  /** What the request expects, in words. */
  static String expected(GoldenRequest r) {
    StringBuilder b = new StringBuilder("status ").append(r.expectedStatus());
    if (r.jsonPath() != null) {
      b.append(", ").append(r.jsonPath());
      if (r.expect() != null) {
        b.append(" = \"").append(shown(r.expect(), 120)).append('"');
      }
      if (r.match() != null) {
        b.append(r.expect() == null ? " matching /" : " and matching /")
            .append(r.match())
            .append('/');
      }
      if (r.expect() == null && r.match() == null) {
        b.append(" present");
      }
    } else {
      if (r.expect() != null) {
        b.append(", the body containing \"").append(shown(r.expect(), 120)).append('"');
      }
      if (r.match() != null) {
        b.append(", the body matching /").append(r.match()).append('/');
      }
    }
    return b.toString();
  }

  /** The value at {@code path} in {@code root}, or empty when there is none. */
  public static Optional<JsonNode> select(JsonNode root, String path) {
    if (!validPath(path)) {
      throw new IllegalArgumentException("not a JSON path: " + path);
    }
    JsonNode node = root;
    Matcher m = STEP.matcher(path.substring(1));
    while (m.find()) {
      if (node == null) {
        return Optional.empty();
      }
      if (m.group(2) != null) {
        node = node.isArray() ? node.get(Integer.parseInt(m.group(2))) : null;
      } else {
        String key = m.group(1) != null ? m.group(1) : m.group(3) != null ? m.group(3) : m.group(4);
        node = node.isObject() ? node.get(key) : null;
      }
    }
    return Optional.ofNullable(node);
  }

  /**
   * A path {@link #select} reads: {@code $} then {@code .name}, {@code ['name']} or {@code [N]}.
   */
  public static boolean validPath(String path) {
    return path != null && PATH.matcher(path).matches();
  }

  /** Whether {@code regex} compiles; the reason when it does not. */
  public static Optional<String> badRegex(String regex) {
    try {
      Pattern.compile(regex);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(e.getDescription());
    }
  }

  /**
   * A body as evidence shows it: secret-looking JSON fields hidden, white space folded, cut to
   * {@code limit} characters.
   */
  public static String shown(String body, int limit) {
    if (body == null) {
      return "";
    }
    String text = body;
    try {
      JsonNode tree = EventCodec.mapper().readTree(body);
      if (tree != null && tree.isContainerNode()) {
        hideSecrets(tree);
        text = tree.toString();
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // not JSON: shown as text
    }
    text = text.replaceAll("\\s+", " ").strip();
    return text.length() <= limit ? text : text.substring(0, limit) + "…";
  }

  private static void hideSecrets(JsonNode node) {
    if (node instanceof ObjectNode object) {
      List<String> secret = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
      while (fields.hasNext()) {
        Map.Entry<String, JsonNode> f = fields.next();
        if (SecretValues.isSecretName(f.getKey()) && f.getValue().isValueNode()) {
          secret.add(f.getKey());
        } else {
          hideSecrets(f.getValue());
        }
      }
      secret.forEach(k -> object.put(k, "***"));
    } else if (node.isArray()) {
      node.forEach(GoldenCheck::hideSecrets);
    }
  }

  /** The requests as a container label carries them (JSON). */
  public static String toLabel(List<GoldenRequest> requests) {
    return EventCodec.toJson(requests);
  }

  /** The requests a container label carries; empty when there is none or it cannot be read. */
  public static List<GoldenRequest> fromLabel(String label) {
    if (label == null || label.isBlank()) {
      return List.of();
    }
    try {
      return EventCodec.mapper().readValue(label, new TypeReference<List<GoldenRequest>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "the golden-request label is not readable: " + e.getOriginalMessage(), e);
    }
  }
}
