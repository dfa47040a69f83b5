package org.editrl.model.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradientClippingTest {
  /** Parameters a=[1,2], b=[3]; loss = 3·Σa + 2·b² → grads [3,3] and [12]: norm sqrt(162). */
  private static List<NDArray> withGradients(NDManager m) {
    NDArray a = m.create(new float[] {1, 2});
    NDArray b = m.create(new float[] {3});
    NDArray frozen = m.create(new float[] {5});
    a.setRequiresGradient(true);
    b.setRequiresGradient(true);
    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
      gc.backward(a.sum().mul(3).add(b.square().sum().mul(2)).add(frozen.sum()));
    }
    return List.of(a, b, frozen);
  }

  @Test
  void rescalesToTheMaximumNormAndReturnsThePreClipNorm() {
    try (NDManager m = NDManager.newBaseManager()) {
      List<NDArray> params = withGradients(m);
      double norm = GradientClipping.clipGlobalNorm(params, 1.0f);
      assertThat(norm).isCloseTo(Math.sqrt(162), offset(1e-4));
      assertThat(GradientClipping.globalNorm(params)).isCloseTo(1.0, offset(1e-5));
      float s = (float) (1 / Math.sqrt(162));
      assertThat(Gradients.of(params.get(0)).toFloatArray()).containsExactly(new float[] {3 * s, 3 * s}, offset(1e-6f));
      assertThat(Gradients.of(params.get(1)).toFloatArray()).containsExactly(new float[] {12 * s}, offset(1e-6f));
    }
  }

  @Test
  void leavesSmallGradientsAlone() {
    try (NDManager m = NDManager.newBaseManager()) {
      List<NDArray> params = withGradients(m);
      double norm = GradientClipping.clipGlobalNorm(params, 100f);
      assertThat(norm).isCloseTo(Math.sqrt(162), offset(1e-4));
      assertThat(Gradients.of(params.get(1)).toFloatArray()).containsExactly(12f);
    }
  }

  @Test
  void zeroingClearsNonFiniteGradientsToo() {
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray w = m.create(new float[] {1, 2});
      w.setRequiresGradient(true);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.backward(w.mul(m.create(new float[] {Float.NaN, Float.POSITIVE_INFINITY})).sum());
      }
      assertThat(Double.isFinite(GradientClipping.globalNorm(List.of(w)))).isFalse();
      Gradients.zero(List.of(w));
      assertThat(Gradients.of(w).toFloatArray()).containsExactly(0f, 0f);
    }
  }
}
