package org.editrl.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.editrl.core.UserError;
import org.editrl.core.tensor.NamedTensor;
import org.junit.jupiter.api.Test;

class AdamWTest {
  private static final float LR = 0.1f;
  private static final float B1 = 0.9f;
  private static final float B2 = 0.99f;
  private static final float EPS = 1e-8f;
  private static final float WD = 0.01f;

  /** loss = Σ w_i²·c_i, so grad_i = 2·c_i·w_i. */
  private static void backward(NDArray w, float[] c) {
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(w.square().mul(w.getManager().create(c)).sum());
    }
  }

  @Test
  void twoStepsMatchTheHandComputation() {
    float[] c = {1f, -0.5f, 3f};
    float[] w = {0.5f, -2f, 1f};
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = m.create(w.clone());
      p.setRequiresGradient(true);
      AdamW adam = new AdamW(List.of(p), LR, B1, B2, EPS, WD);
      int leaked = 0;
      double[] mm = new double[3];
      double[] vv = new double[3];
      double[] expect = {w[0], w[1], w[2]};
      for (int step = 1; step <= 2; step++) {
        backward(p, c);
        int before = m.getManagedArrays().size();
        adam.step(LR);
        leaked += m.getManagedArrays().size() - before;
        for (int i = 0; i < 3; i++) {
          double g = 2 * c[i] * expect[i];
          mm[i] = B1 * mm[i] + (1 - B1) * g;
          vv[i] = B2 * vv[i] + (1 - B2) * g * g;
          double mhat = mm[i] / (1 - Math.pow(B1, step));
          double vhat = vv[i] / (1 - Math.pow(B2, step));
          expect[i] -= LR * (mhat / (Math.sqrt(vhat) + EPS) + WD * expect[i]);
        }
        float[] got = p.toFloatArray();
        for (int i = 0; i < 3; i++) {
          assertThat((double) got[i]).as("step %d, element %d", step, i).isCloseTo(expect[i], offset(1e-6));
        }
        assertThat(Gradients.of(p).toFloatArray()).containsOnly(0f);
      }
      assertThat(adam.steps()).isEqualTo(2);
      // the first step moves every element by about lr (Adam's sign-like first step)
      assertThat(Math.abs(expect[0] - w[0])).isGreaterThan(0.09);
      assertThat(leaked).as("arrays left behind by step()").isZero();
    }
  }

  @Test
  void stateRoundTripsAndRefusesAnotherShape() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray p = m.create(new float[] {1f, 2f});
      p.setRequiresGradient(true);
      AdamW adam = new AdamW(List.of(p), LR, B1, B2, EPS, 0f);
      backward(p, new float[] {1f, 1f});
      adam.step(LR);
      List<NamedTensor> state = adam.state();
      NDArray q = m.create(new float[] {1f, 2f});
      q.setRequiresGradient(true);
      AdamW restored = new AdamW(List.of(q), LR, B1, B2, EPS, 0f);
      restored.loadState(state);
      assertThat(restored.steps()).isEqualTo(1);
      assertThat(restored.state()).isEqualTo(state);
      NDArray other = m.create(new float[] {1f, 2f, 3f});
      AdamW wrong = new AdamW(List.of(other), LR, B1, B2, EPS, 0f);
      assertThatThrownBy(() -> wrong.loadState(state)).isInstanceOf(UserError.class);
    }
  }
}
