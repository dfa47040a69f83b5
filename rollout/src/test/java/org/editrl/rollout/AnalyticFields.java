package org.editrl.rollout;

import ai.djl.ndarray.NDArray;
import org.editrl.model.VelocityField;

/**
 * Exact velocity fields of simple targets, conditioned on the source image, so the samplers can be
 * tested without the network. With {@code x_t = (1−t)·x_0 + t·ε}, the exact field is
 * {@code v(x, t) = E[ε − x_0 | x_t = x]}.
 */
final class AnalyticFields {
  private AnalyticFields() {}

  /** Target: every element of x_0 is N(src, s²) independently. */
  static VelocityField gaussian(float s) {
    double s2 = (double) s * s;
    return (xt, t, c) -> {
      long b = xt.getShape().get(0);
      NDArray tt = t.reshape(b, 1, 1, 1);
      NDArray oneMinusT = tt.neg().add(1f);
      // d = x − (1−t)·src ; Var = (1−t)²s² + t²
      NDArray d = xt.sub(c.source().mul(oneMinusT));
      NDArray variance = oneMinusT.square().mul((float) s2).add(tt.square());
      NDArray gain = tt.sub(oneMinusT.mul((float) s2)).div(variance);
      return d.mul(gain).sub(c.source());
    };
  }

  /** Target: x_0 = src exactly; v = (x − src)/t. */
  static VelocityField pointMass() {
    return (xt, t, c) -> xt.sub(c.source()).div(t.reshape(xt.getShape().get(0), 1, 1, 1));
  }
}
