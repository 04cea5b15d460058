package dev.shipshape.planner.compose;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The depends_on graph: a start order in which every service follows what it depends on. */
final class Graph {
  private Graph() {}

  static List<String> order(Map<String, ComposeService> services, List<String> problems) {
    List<String> order = new ArrayList<>();
    Map<String, Integer> state = new HashMap<>(); // 1 = visiting, 2 = done
    for (String name : services.keySet()) {
      visit(name, services, state, order, new ArrayList<>(), problems);
    }
    return order;
  }

  private static void visit(
      String name,
      Map<String, ComposeService> services,
      Map<String, Integer> state,
      List<String> order,
      List<String> path,
      List<String> problems) {
    Integer s = state.get(name);
    if (s != null && s == 2) {
      return;
    }
    if (s != null && s == 1) {
      List<String> cycle = new ArrayList<>(path.subList(path.indexOf(name), path.size()));
      cycle.add(name);
      problems.add("depends_on cycle: " + String.join(" -> ", cycle));
      return;
    }
    state.put(name, 1);
    path.add(name);
    for (String dep : services.get(name).dependsOn().keySet()) {
      if (!services.containsKey(dep)) {
        problems.add(
            "service " + name + " depends on " + dep + ", which is not a service of this stack");
        continue;
      }
      visit(dep, services, state, order, path, problems);
    }
    path.remove(path.size() - 1);
    state.put(name, 2);
    order.add(name);
  }
}
