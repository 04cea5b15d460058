package dev.shipshape.deployer.probe;

/** A probe this agent will not run, with the HTTP status that says why (403, 404). */
public class ProbeRefused extends RuntimeException {
  private final int status;

  public ProbeRefused(int status, String reason) {
    super(reason);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
