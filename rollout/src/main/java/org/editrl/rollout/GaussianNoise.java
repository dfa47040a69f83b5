package org.editrl.rollout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Standard-normal noise drawn in Java from a seed, so every sample's noise is fixed by its own
 * seed alone (independent of batch composition, thread, engine or DJL's global RNG state).
 * {@link Random#nextGaussian()} is specified exactly by the JDK, so the values are stable.
 */
public final class GaussianNoise {
  private GaussianNoise() {}

  /** {@code count} independent N(0, 1) values from {@code seed}. */
  public static float[] standardNormal(long seed, int count) {
    Random r = new Random(seed);
    float[] out = new float[count];
    for (int i = 0; i < count; i++) {
      out[i] = (float) r.nextGaussian();
    }
    return out;
  }

  /**
   * A {@code [B, C, H, W]} array whose sample {@code b} holds one N(0, 1) value from
   * {@code seeds[b]} per channel and {@code block}×{@code block} pixel block, repeated over the
   * block. With {@code block = 1} it is {@link #batch} exactly.
   */
  public static NDArray blocks(NDManager m, long[] seeds, Shape perSample, int block) {
    if (block == 1) {
      return batch(m, seeds, perSample);
    }
    if (perSample.dimension() != 3 || perSample.get(1) % block != 0
        || perSample.get(2) % block != 0) {
      throw new IllegalArgumentException("noise block " + block
          + " needs a [C, H, W] sample with H and W divisible by it, got " + perSample);
    }
    Shape coarse = new Shape(perSample.get(0), perSample.get(1) / block, perSample.get(2) / block);
    // repeat() copies each element `block` times in place (repeat_interleave), not the axis
    try (NDArray z = batch(m, seeds, coarse); NDArray rows = z.repeat(2, block)) {
      return rows.repeat(3, block);
    }
  }

  /** A {@code [B, ...perSample]} array whose sample {@code b} is drawn from {@code seeds[b]}. */
  public static NDArray batch(NDManager m, long[] seeds, Shape perSample) {
    int n = Math.toIntExact(perSample.size());
    float[] all = new float[seeds.length * n];
    for (int b = 0; b < seeds.length; b++) {
      System.arraycopy(standardNormal(seeds[b], n), 0, all, b * n, n);
    }
    return m.create(all, new Shape(seeds.length).addAll(perSample));
  }
}
