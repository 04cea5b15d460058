package dev.shipshape.planner.compose;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compose-file variable interpolation: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}},
 * {@code ${VAR-default}}, {@code ${VAR:?error}}, {@code ${VAR?error}}, and {@code $$} for a literal
 * dollar. A missing required variable is a problem, reported with the others.
 */
public final class Interpolation {
  private static final Pattern VAR =
      Pattern.compile(
          "\\$(?:\\$|\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}|([A-Za-z_][A-Za-z0-9_]*))");

  private Interpolation() {}

  public static String apply(String text, Map<String, String> vars, List<String> problems) {
    Matcher m = VAR.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String name = m.group(1) != null ? m.group(1) : m.group(4);
        String op = m.group(2);
        String arg = m.group(3) == null ? "" : m.group(3);
        String value = vars.get(name);
        boolean unsetOrEmpty =
            value == null || (op != null && op.startsWith(":") && value.isEmpty());
        if (op == null) {
          replacement = value == null ? "" : value;
        } else if (op.endsWith("-")) {
          replacement = unsetOrEmpty ? arg : value;
        } else {
          if (unsetOrEmpty) {
            problems.add(
                "variable " + name + " is required: " + (arg.isEmpty() ? "it is not set" : arg));
            replacement = "";
          } else {
            replacement = value;
          }
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }
}
