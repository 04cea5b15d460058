package dev.shipshape.backup.job;

import dev.shipshape.backup.job.BackupMethod.Capture;
import dev.shipshape.backup.persistence.Backup;

/** Lets plain unit tests call the verifier's package-private comparison. */
public final class VerifierAccess {
  private VerifierAccess() {}

  public static String compare(Backup b, Capture found) {
    return Verifier.compare(b, found);
  }
}
