package dev.shipshape.planner.compose;

import java.util.List;
import java.util.Map;

/** A parsed compose file: its services in dependency order, and every problem found reading it. */
public record ComposeFile(
    Map<String, ComposeService> services, List<String> order, List<String> problems) {
  public boolean valid() {
    return problems.isEmpty();
  }
}
