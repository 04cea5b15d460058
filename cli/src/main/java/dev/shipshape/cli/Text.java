package dev.shipshape.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Plain-text rendering shared by the commands: aligned tables, short ids and times. */
final class Text {
  private Text() {}

  static void table(PrintWriter out, List<String[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    int[] width = new int[rows.get(0).length];
    for (String[] r : rows) {
      for (int i = 0; i < r.length; i++) {
        width[i] = Math.max(width[i], r[i] == null ? 1 : r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.length; i++) {
        String cell = r[i] == null ? "-" : r[i];
        line.append(i == r.length - 1 ? cell : String.format("%-" + width[i] + "s  ", cell));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  static List<String[]> rows(String... header) {
    List<String[]> rows = new ArrayList<>();
    rows.add(header);
    return rows;
  }

  /** A field as text, or null when absent. */
  static String s(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** "2026-12-01T10:15:30.123456Z" → "10:15:30". */
  static String time(JsonNode n, String field) {
    String t = s(n, field);
    if (t == null) {
      return null;
    }
    int at = t.indexOf('T');
    return at < 0 || t.length() < at + 9 ? t : t.substring(at + 1, at + 9);
  }

  /** A digest as people compare them: the algorithm and the first 12 hex digits. */
  static String digest(String d) {
    if (d == null) {
      return null;
    }
    int colon = d.indexOf(':');
    return colon >= 0 && d.length() > colon + 13 ? d.substring(0, colon + 13) : d;
  }

  /** "[#######-------] 7/14" */
  static String bar(int done, int total, int width) {
    int filled = total == 0 ? width : Math.min(width, done * width / total);
    return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "] " + done + "/" + total;
  }
}
