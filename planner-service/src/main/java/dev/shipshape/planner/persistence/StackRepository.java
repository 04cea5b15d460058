package dev.shipshape.planner.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Stack versions; the newest version of a stack is the one in force. */
@ApplicationScoped
public class StackRepository implements PanacheRepositoryBase<StackVersion, Long> {
  public Optional<StackVersion> current(String name) {
    return find("name = ?1 order by version desc", name).firstResultOptional();
  }

  public List<StackVersion> currentOfEach() {
    Map<String, StackVersion> newest = new TreeMap<>();
    for (StackVersion s : listAll()) {
      newest.merge(s.name, s, (a, b) -> a.version >= b.version ? a : b);
    }
    return List.copyOf(newest.values());
  }
}
