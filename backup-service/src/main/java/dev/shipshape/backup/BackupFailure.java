package dev.shipshape.backup;

/**
 * A backup, verification or restore that failed one named check, with the reason in operator words
 * and the evidence (a stderr tail, the mismatching counts) that shows it.
 */
public class BackupFailure extends RuntimeException {
  private final String check;
  private final String evidence;

  public BackupFailure(String check, String reason, String evidence) {
    super(reason);
    this.check = check;
    this.evidence = evidence;
  }

  public BackupFailure(String check, String reason) {
    this(check, reason, null);
  }

  public String check() {
    return check;
  }

  public String evidence() {
    return evidence;
  }
}
