package org.editrl.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import java.util.List;

/** Access to parameter gradients that tolerates frozen parameters. */
public final class Gradients {
  private Gradients() {}

  /**
   * The gradient of {@code p} (a new handle in p's manager: close it, or call inside an
   * {@link NDScope}), or null when p does not require a gradient. A parameter that requires a
   * gradient but was not used since the last zeroing yields zeros.
   */
  public static NDArray of(NDArray p) {
    return p.hasGradient() ? p.getGradient() : null;
  }

  /** Overwrites {@code g} with zeros in place (also NaN/Inf entries, which {@code g − g} keeps). */
  static void clear(NDArray g) {
    g.set(new NDIndex("..."), 0f);
  }

  /** Sets every gradient of {@code params} to zero (PyTorch accumulates across backward calls). */
  public static void zero(List<NDArray> params) {
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (NDArray p : params) {
        NDArray g = of(p);
        if (g != null) {
          clear(g);
        }
      }
    }
  }
}
