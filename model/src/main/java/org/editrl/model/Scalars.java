package org.editrl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Multiplying or dividing an array by a Java number on a path that may be differentiated.
 *
 * <p>Why not {@code x.mul(2f)}: DJL's PyTorch engine wraps the number in a tensor that views a
 * Java direct buffer and closes that tensor as soon as the product is made. Autograd keeps the
 * scalar for the backward pass ({@code d(x·s)/dx = s}), so once the garbage collector frees the
 * buffer, the backward pass reads freed memory: NaN, infinite or silently wrong gradients,
 * depending on when the GC ran. The scalars made here are native tensors in {@code x}'s
 * manager; autograd's own reference keeps them alive for as long as it needs them.
 */
public final class Scalars {
  private Scalars() {}

  /** {@code x·factor}. */
  public static NDArray times(NDArray x, double factor) {
    return x.mul(scalar(x, factor));
  }

  /** {@code x / divisor}. */
  public static NDArray dividedBy(NDArray x, double divisor) {
    return x.div(scalar(x, divisor));
  }

  private static NDArray scalar(NDArray like, double value) {
    return like.getManager().full(new Shape(), (float) value, like.getDataType());
  }
}
