package dev.shipshape.common.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every event is built by its record's factories, in producers and tests alike, so a test cannot
 * hand-build an event no producer sends: a payload record's constructor is called only inside its
 * own record. Reads the whole source tree ({@code ../*}{@code /src/**}{@code /*.java}) as text.
 */
class EventFactoriesTest {
  private static final String PAYLOADS = Payloads.class.getName();
  // Split, so that this file's samples of a hand-built event are not hand-built events themselves.
  private static final String NEW = "new" + " ";
  private static final Pattern IMPORT =
      Pattern.compile("^import\\s+" + Pattern.quote(PAYLOADS) + "\\.(\\w+)\\s*;");
  private static final Pattern QUALIFIED =
      Pattern.compile(
          "\\bnew\\s+(?:[\\w.]+\\.)?Payloads\\.(\\w+)\\s*\\(|\\bPayloads\\.(\\w+)::new\\b");
  private static final Pattern SIMPLE =
      Pattern.compile("\\bnew\\s+(\\w+)\\s*\\(|\\b(\\w+)::new\\b");
  private static final Pattern RECORD = Pattern.compile("^\\s*public\\s+record\\s+(\\w+)\\s*\\(");

  static Set<String> payloadRecords() {
    Set<String> names = new HashSet<>();
    for (Class<?> c : Payloads.class.getDeclaredClasses()) {
      if (c.isRecord() && Payload.class.isAssignableFrom(c)) {
        names.add(c.getSimpleName());
      }
    }
    return names;
  }

  @Test
  void noPayloadIsBuiltOutsideItsOwnRecord() throws IOException {
    Path root = Path.of("").toAbsolutePath().getParent();
    List<Path> sources;
    try (Stream<Path> walk = Files.walk(root)) {
      sources =
          walk.filter(p -> p.toString().endsWith(".java"))
              .filter(p -> root.relativize(p).getNameCount() > 2)
              .filter(p -> root.relativize(p).getName(1).toString().equals("src"))
              .sorted()
              .toList();
    }
    assertTrue(
        sources.stream().anyMatch(p -> p.endsWith("dev/shipshape/common/event/Payloads.java")),
        "the scan must see the source tree, from " + root);

    Set<String> records = payloadRecords();
    List<String> violations = new ArrayList<>();
    for (Path file : sources) {
      violations.addAll(
          violations(root.relativize(file).toString(), Files.readAllLines(file), records));
    }
    assertEquals(
        List.of(),
        violations,
        "payload constructors called outside their record: build the event with the record's"
            + " factory (Payloads.X.of, RollbackTriggered.byOperator, ...), the one producers use");
  }

  @Test
  void theScanNamesFileAndLineOfAHandBuiltEvent() {
    List<String> found =
        violations(
            "x/src/test/java/AnyTest.java",
            List.of(
                "import " + PAYLOADS + ".DeployDone;",
                "class AnyTest {",
                "  Object a = DeployDone.of(null, null, null, null, null, null, null, null, null, null);",
                "  Object b = "
                    + NEW
                    + "DeployDone(null, null, null, null, null, null, null, null, null, null);",
                "  Object c = "
                    + NEW
                    + "Payloads.RollbackDone(null, null, null, null, null, null, null);",
                "}"),
            payloadRecords());
    assertEquals(
        List.of(
            "x/src/test/java/AnyTest.java:4 new DeployDone(...)",
            "x/src/test/java/AnyTest.java:5 new RollbackDone(...)"),
        found);
  }

  @Test
  void aRecordOfTheSameNameElsewhereIsNotAPayload() {
    assertEquals(
        List.of(),
        violations(
            "x/src/main/java/Fact.java",
            List.of("record DeployDone(String host) {}", "Object d = new DeployDone(\"h\");"),
            payloadRecords()));
  }

  @Test
  void everyPayloadRecordHasAPublicStaticFactory() {
    for (Class<?> c : Payloads.class.getDeclaredClasses()) {
      if (c.isRecord() && Payload.class.isAssignableFrom(c)) {
        boolean factory =
            Arrays.stream(c.getDeclaredMethods())
                .filter(m -> Modifier.isStatic(m.getModifiers()))
                .filter(m -> Modifier.isPublic(m.getModifiers()))
                .map(Method::getReturnType)
                .anyMatch(c::equals);
        assertTrue(factory, c.getSimpleName() + " has no public static factory");
      }
    }
    assertFalse(payloadRecords().isEmpty());
  }

  /** Each call of a payload constructor outside its own record, as {@code file:line new X(...)}. */
  static List<String> violations(String file, List<String> lines, Set<String> records) {
    boolean contract = file.replace('\\', '/').endsWith("dev/shipshape/common/event/Payloads.java");
    Set<String> imported = new HashSet<>();
    for (String line : lines) {
      Matcher m = IMPORT.matcher(line.strip());
      if (m.find() && records.contains(m.group(1))) {
        imported.add(m.group(1));
      }
    }
    List<String> found = new ArrayList<>();
    String enclosing = null;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.strip().startsWith("import ")) {
        continue;
      }
      if (contract) {
        Matcher r = RECORD.matcher(line);
        if (r.find()) {
          enclosing = r.group(1);
        }
      }
      Set<String> called = new HashSet<>();
      Matcher q = QUALIFIED.matcher(line);
      while (q.find()) {
        called.add(q.group(1) != null ? q.group(1) : q.group(2));
      }
      Matcher s = SIMPLE.matcher(line);
      while (s.find()) {
        String name = s.group(1) != null ? s.group(1) : s.group(2);
        if (imported.contains(name) || contract) {
          called.add(name);
        }
      }
      for (String name : called.stream().sorted().toList()) {
        if (records.contains(name) && !(contract && name.equals(enclosing))) {
          found.add(file + ":" + (i + 1) + " new " + name + "(...)");
        }
      }
    }
    return found;
  }
}
