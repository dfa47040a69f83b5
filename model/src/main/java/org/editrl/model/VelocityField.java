package org.editrl.model;

import ai.djl.ndarray.NDArray;

/** A rectified-flow velocity field {@code v(x_t, t | c) ≈ ε − x_0} (DESIGN.md "Maths"). */
public interface VelocityField {
  /**
   * @param xt noisy images {@code [B,3,H,W]} (image space; t=1 is noise, t=0 data)
   * @param t times {@code [B]} float32 in (0, 1]
   * @param c conditioning with batch B
   * @return the velocity {@code [B,3,H,W]}
   */
  NDArray velocity(NDArray xt, NDArray t, Conditioning c);
}
