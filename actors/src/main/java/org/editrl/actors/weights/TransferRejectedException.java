package org.editrl.actors.weights;

/** A transfer that must not be staged, with the reason and a human-readable detail. */
public final class TransferRejectedException extends Exception {
  private static final long serialVersionUID = 1L;
  private final RejectReason reason;

  public TransferRejectedException(RejectReason reason, String detail) {
    super(detail);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}
