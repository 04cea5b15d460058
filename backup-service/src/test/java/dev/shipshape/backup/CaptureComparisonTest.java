package dev.shipshape.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.shipshape.backup.job.BackupMethod.Capture;
import dev.shipshape.backup.job.Catalog;
import dev.shipshape.backup.job.VerifierAccess;
import dev.shipshape.backup.persistence.Backup;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a restored copy must match, exactly: every count and every file checksum (pure logic). */
class CaptureComparisonTest {
  private static Backup backup(Map<String, Long> counts, Map<String, String> files) {
    Backup b = new Backup();
    b.captured = Catalog.json(counts);
    b.files = files.isEmpty() ? null : Catalog.json(files);
    return b;
  }

  @Test
  void identicalCountsAndFilesPass() {
    Backup b = backup(Map.of("public.orders", 2500L, "public.empty", 0L), Map.of());
    String detail =
        VerifierAccess.compare(
            b, new Capture(Map.of("public.orders", 2500L, "public.empty", 0L), Map.of()));
    assertTrue(detail.contains("2 counts"), detail);
  }

  @Test
  void aMissingTableAndADifferentCountAreBothNamed() {
    Backup b = backup(Map.of("public.orders", 2500L, "public.customers", 3L), Map.of());
    BackupFailure f =
        assertThrows(
            BackupFailure.class,
            () -> VerifierAccess.compare(b, new Capture(Map.of("public.orders", 2499L), Map.of())));
    assertEquals("compare", f.check());
    assertTrue(f.evidence().contains("public.orders: captured 2500, restored 2499"), f.evidence());
    assertTrue(f.evidence().contains("public.customers: captured 3, restored null"), f.evidence());
  }

  @Test
  void aFileWhoseChecksumDiffersOrThatAppearedFails() {
    Backup b = backup(Map.of("files", 1L, "bytes", 5L), Map.of("data/a.txt", "aaa"));
    BackupFailure f =
        assertThrows(
            BackupFailure.class,
            () ->
                VerifierAccess.compare(
                    b,
                    new Capture(
                        Map.of("files", 1L, "bytes", 5L),
                        Map.of("data/a.txt", "bbb", "data/new", "ccc"))));
    assertTrue(f.evidence().contains("data/a.txt: checksum differs"), f.evidence());
    assertTrue(f.evidence().contains("data/new: not captured"), f.evidence());
  }
}
