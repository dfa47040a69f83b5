package org.editrl.model;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's intra-op thread count, settable at run time. On a small machine shared with other
 * processes, OpenMP's spinning worker threads collapse under load (measured on the 2-core build
 * machines at load 10: a training step 30× slower with 2 threads than with 1), so CPU commands
 * default to 1 thread; give more on a dedicated machine.
 */
public final class EngineThreads {
  private EngineThreads() {}

  /** Sets the intra-op threads of the PyTorch engine (loading it if needed). */
  public static void set(int threads) {
    if (threads <= 0) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
    Engine.getEngine("PyTorch");
    JniUtils.setNumThreads(threads);
  }
}
