package dev.shipshape.backup.job;

import dev.shipshape.backup.BackupFailure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.util.Map;
import java.util.TreeMap;

/** The backup method of each kind ({@code postgres}, {@code volume}, {@code snapshot}). */
@ApplicationScoped
public class Methods {
  private final Map<String, BackupMethod> byKind = new TreeMap<>();

  public Methods(Instance<BackupMethod> all) {
    all.forEach(m -> byKind.put(m.kind(), m));
  }

  public boolean knows(String kind) {
    return byKind.containsKey(kind);
  }

  public BackupMethod of(String kind) {
    BackupMethod m = byKind.get(kind);
    if (m == null) {
      throw new BackupFailure(
          "kind",
          "unknown backup kind '" + kind + "' (known: " + String.join(", ", byKind.keySet()) + ")");
    }
    return m;
  }
}
