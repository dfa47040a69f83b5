package org.editrl.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.editrl.core.tensor.NamedTensor;

/** Small configs, random inputs and parameter perturbations for model tests. */
public final class Fixtures {
  public static final int VOCAB = 40;

  private Fixtures() {}

  public static ModelConfig tiny() {
    return new ModelConfig(16, 4, 32, 2, 2, VOCAB, 8, 1.0f, 2, ModelConfig.EXPECTATION, 4, 4f,
        LoraTargets.ATTENTION);
  }

  public static NDArray uniform(NDManager m, long seed, long... shape) {
    Random r = new Random(seed);
    float[] v = new float[(int) new Shape(shape).size()];
    for (int i = 0; i < v.length; i++) {
      v[i] = r.nextFloat();
    }
    return m.create(v, new Shape(shape));
  }

  /** Token ids in [2, VOCAB) with the last {@code pad} positions of each row padded. */
  public static NDArray tokens(NDManager m, long seed, int batch, int length, int pad) {
    Random r = new Random(seed);
    int[] v = new int[batch * length];
    for (int b = 0; b < batch; b++) {
      for (int j = 0; j < length - pad; j++) {
        v[b * length + j] = 2 + r.nextInt(VOCAB - 2);
      }
    }
    return m.create(v, new Shape(batch, length));
  }

  /** Every tensor plus Normal(0, std²) noise (so zero-initialised parts become non-trivial). */
  public static List<NamedTensor> perturbed(List<NamedTensor> tensors, long seed, float std) {
    Random r = new Random(seed);
    List<NamedTensor> out = new ArrayList<>();
    for (NamedTensor t : tensors) {
      float[] v = t.floats();
      for (int i = 0; i < v.length; i++) {
        v[i] += (float) (r.nextGaussian() * std);
      }
      out.add(NamedTensor.ofFloats(t.name(), t.shape(), v));
    }
    return out;
  }

  /** A policy whose base is trained-looking (all parameters perturbed), adapter fresh. */
  public static EditPolicy policyWithRandomBase(ModelConfig config, long seed) {
    EditPolicy p = EditPolicy.create(config, seed);
    p.loadBase(perturbed(p.baseTensors(), seed + 1, 0.05f));
    return p;
  }
}
