package org.editrl.actors.weights;

/** A version the store does not hold (evicted, not yet published, or none published yet). */
public final class VersionNotKeptException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public VersionNotKeptException(String message) {
    super(message);
  }
}
