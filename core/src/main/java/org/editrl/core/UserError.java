package org.editrl.core;

/**
 * Bad input that the user can fix: a wrong flag, a missing file, a malformed manifest line.
 *
 * <p>The message is one line that says what is wrong and what to do. The CLI prints it without
 * a stack trace (unless {@code --verbose}) and exits non-zero. Anything else thrown is a bug.
 */
public class UserError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public UserError(String message) {
    super(message);
  }

  public UserError(String message, Throwable cause) {
    super(message, cause);
  }
}
