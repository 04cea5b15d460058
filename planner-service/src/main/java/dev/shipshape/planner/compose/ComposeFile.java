package dev.shipshape.planner.compose;

import java.util.List;
import java.util.Map;

/**
 * A parsed compose file: its services in dependency order, every problem found reading it, and the
 * top-level keys compose applies and Shipshape does not.
 */
public record ComposeFile(
    Map<String, ComposeService> services,
    List<String> order,
    List<String> problems,
    List<String> ignoredKeys) {
  public ComposeFile(
      Map<String, ComposeService> services, List<String> order, List<String> problems) {
    this(services, order, problems, List.of());
  }

  public boolean valid() {
    return problems.isEmpty();
  }
}
