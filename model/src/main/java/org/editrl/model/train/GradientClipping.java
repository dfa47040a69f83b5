package org.editrl.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;

/** Global gradient-norm clipping over a parameter list (DJL has none). */
public final class GradientClipping {
  private GradientClipping() {}

  /** The L2 norm over all gradients of {@code params} (those without a gradient count as 0). */
  public static double globalNorm(List<NDArray> params) {
    double sumSquares = 0;
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (NDArray p : params) {
        NDArray g = Gradients.of(p);
        if (g != null) {
          sumSquares += g.square().sum().getFloat();
        }
      }
    }
    return Math.sqrt(sumSquares);
  }

  /**
   * Scales every gradient in place by {@code maxNorm / norm} when the global norm exceeds
   * {@code maxNorm}.
   *
   * @return the global norm before clipping
   */
  public static double clipGlobalNorm(List<NDArray> params, float maxNorm) {
    double norm = globalNorm(params);
    if (norm > maxNorm && norm > 0) {
      float factor = (float) (maxNorm / norm);
      try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
        for (NDArray p : params) {
          NDArray g = Gradients.of(p);
          if (g != null) {
            g.muli(factor);
          }
        }
      }
    }
    return norm;
  }
}
