package org.editrl.cli;

import org.editrl.core.UserError;
import picocli.CommandLine.Option;

/**
 * {@code --threads}, for the commands that run the model in their own process (pretrain, sample,
 * bench model). It defaults to 1 for the reason {@link org.editrl.model.EngineThreads} gives.
 */
final class ThreadsOption {
  @Option(names = "--threads", defaultValue = "1",
      description = "PyTorch intra-op threads (default: ${DEFAULT-VALUE}; more only on a dedicated machine).")
  int threads;

  /** The thread count, checked so that a bad one stops the command before any work. */
  int checked() {
    if (threads < 1) {
      throw new UserError("--threads must be at least 1, got " + threads);
    }
    return threads;
  }
}
