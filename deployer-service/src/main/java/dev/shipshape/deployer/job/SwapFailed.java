package dev.shipshape.deployer.job;

/** A deploy or rollback phase failed; the service was left running its previous version. */
public class SwapFailed extends RuntimeException {
  private final String phase;
  private final String logTail;

  public SwapFailed(String phase, String reason, String logTail) {
    super(reason);
    this.phase = phase;
    this.logTail = logTail;
  }

  public String phase() {
    return phase;
  }

  public String logTail() {
    return logTail;
  }
}
