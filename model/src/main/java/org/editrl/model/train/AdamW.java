package org.editrl.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import org.editrl.core.UserError;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.core.tensor.TensorType;

/**
 * AdamW (Loshchilov &amp; Hutter) over an explicit parameter list, with bias correction and
 * decoupled weight decay:
 * <pre>
 * m ← β1·m + (1−β1)·g,   v ← β2·v + (1−β2)·g²
 * p ← p − lr·( (m/(1−β1^t)) / (sqrt(v/(1−β2^t)) + ε) + λ·p )
 * </pre>
 * After each step the gradients are zeroed (PyTorch accumulates them across backward calls).
 * Frozen parameters (no requiresGradient) are skipped; a trainable parameter unused since the
 * last step has a zero gradient, so only its moments and weight decay move it.
 * Moments live in each parameter's manager.
 */
public final class AdamW {
  private final List<NDArray> params;
  private final float beta1;
  private final float beta2;
  private final float eps;
  private final float weightDecay;
  private final List<NDArray> firstMoments = new ArrayList<>();
  private final List<NDArray> secondMoments = new ArrayList<>();
  private long steps;

  public AdamW(List<NDArray> params, float lr, float beta1, float beta2, float eps, float weightDecay) {
    this.params = List.copyOf(params);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.eps = eps;
    this.weightDecay = weightDecay;
    for (NDArray p : this.params) {
      firstMoments.add(p.getManager().zeros(p.getShape()));
      secondMoments.add(p.getManager().zeros(p.getShape()));
    }
  }

  /** Usual defaults: β = (0.9, 0.999), ε = 1e-8. */
  public static AdamW withDefaults(List<NDArray> params, float weightDecay) {
    return new AdamW(params, 0f, 0.9f, 0.999f, 1e-8f, weightDecay);
  }

  public long steps() {
    return steps;
  }

  /** One update with learning rate {@code lr}, then zeroes the gradients. */
  public void step(float lr) {
    steps++;
    float correction1 = (float) (1 - Math.pow(beta1, steps));
    float correction2 = (float) (1 - Math.pow(beta2, steps));
    try (NDScope scope = new NDScope()) {
      scope.suppressNotUsedWarning();
      for (int i = 0; i < params.size(); i++) {
        NDArray p = params.get(i);
        NDArray g = Gradients.of(p);
        if (g == null) {
          continue;
        }
        NDArray m = firstMoments.get(i);
        NDArray v = secondMoments.get(i);
        m.muli(beta1).addi(g.mul(1 - beta1));
        v.muli(beta2).addi(g.square().mul(1 - beta2));
        NDArray denominator = v.div(correction2).sqrt().add(eps);
        NDArray update = m.div(correction1).div(denominator);
        if (weightDecay != 0f) {
          update = update.add(p.mul(weightDecay));
        }
        p.subi(update.mul(lr));
        Gradients.clear(g);
      }
    }
  }

  /** Zeroes all gradients without updating. */
  public void zeroGradients() {
    Gradients.zero(params);
  }

  /** The moments ({@code m.i}, {@code v.i}) and the step count ({@code steps}). */
  public List<NamedTensor> state() {
    List<NamedTensor> out = new ArrayList<>();
    out.add(NamedTensor.ofInts("steps", new long[] {2},
        new int[] {(int) (steps >>> 32), (int) steps}));
    for (int i = 0; i < params.size(); i++) {
      out.add(NamedTensor.ofFloats("m." + i, firstMoments.get(i).getShape().getShape(),
          firstMoments.get(i).toFloatArray()));
      out.add(NamedTensor.ofFloats("v." + i, secondMoments.get(i).getShape().getShape(),
          secondMoments.get(i).toFloatArray()));
    }
    return out;
  }

  /** Restores {@link #state()}; UserError when it belongs to another parameter list. */
  public void loadState(List<NamedTensor> state) {
    if (state.size() != 1 + 2 * params.size()) {
      throw new UserError("optimiser state has " + state.size() + " tensors, expected "
          + (1 + 2 * params.size()) + " for " + params.size() + " parameters");
    }
    NamedTensor stepTensor = state.get(0);
    if (!stepTensor.name().equals("steps") || stepTensor.type() != TensorType.I32) {
      throw new UserError("optimiser state does not start with its step count");
    }
    for (int i = 0; i < params.size(); i++) {
      load(state.get(1 + 2 * i), "m." + i, firstMoments.get(i));
      load(state.get(2 + 2 * i), "v." + i, secondMoments.get(i));
    }
    int[] s = stepTensor.ints();
    steps = ((long) s[0] << 32) | (s[1] & 0xffffffffL);
  }

  private static void load(NamedTensor t, String name, NDArray into) {
    if (!t.name().equals(name) || !java.util.Arrays.equals(t.shape(), into.getShape().getShape())) {
      throw new UserError("optimiser state tensor " + t + " does not fit " + name + " "
          + into.getShape());
    }
    into.set(t.floats());
  }
}
