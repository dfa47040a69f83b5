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
