package dev.shipshape.backup.engine;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the lines of a stream that start with a marker (a script's results printed on stderr
 * next to its dump on stdout); every other line is left to the stderr tail.
 */
public final class MarkedLines extends OutputStream {
  private final String marker;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final List<String> lines = new ArrayList<>();

  public MarkedLines(String marker) {
    this.marker = marker;
  }

  @Override
  public synchronized void write(int b) {
    if (b == '\n') {
      String text = line.toString(StandardCharsets.UTF_8);
      if (text.startsWith(marker)) {
        lines.add(text.substring(marker.length()));
      }
      line.reset();
    } else if (line.size() < 64 * 1024) {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }

  /** The marked lines so far, marker removed. */
  public synchronized List<String> lines() {
    return List.copyOf(lines);
  }
}
