package org.editrl.actors.weights;

/**
 * Why a worker did not stage a version it was told about. The label value is what metrics use
 * ({@code editrl_weight_transfers_rejected_total{reason=…}}).
 */
public enum RejectReason {
  /** A tensor's bytes do not match its SHA-256 in the manifest. */
  TENSOR_HASH("tensor_hash"),
  /** The whole payload does not match the manifest's SHA-256. */
  PAYLOAD_HASH("payload_hash"),
  /** Chunks or tensors do not add up to the sizes and offsets the manifest promises. */
  MALFORMED("malformed"),
  /** The adapter belongs to another frozen base model than the worker's. */
  BASE_MISMATCH("base_mismatch"),
  /** The stream broke or timed out before the last chunk (kept chunks resume the next try). */
  BROKEN_STREAM("broken_stream"),
  /** The learner no longer keeps the version (a newer one replaced it meanwhile). */
  VERSION_GONE("version_gone"),
  /** The learner refused the worker's bearer token. */
  UNAUTHENTICATED("unauthenticated");

  private final String label;

  RejectReason(String label) {
    this.label = label;
  }

  /** The metric label value. */
  public String label() {
    return label;
  }
}
