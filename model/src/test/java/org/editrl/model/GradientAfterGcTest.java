package org.editrl.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import org.editrl.model.flow.FlowStep;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.train.Gradients;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection between the forward and the backward pass must not change gradients.
 * It did while scalars entered the graph through DJL's {@code mul(Number)}: the backward pass
 * then read the freed buffer of a closed scalar (see {@link Scalars}), and GRPO skipped most
 * updates as non-finite.
 */
class GradientAfterGcTest {
  private static final ModelConfig CONFIG = Fixtures.tiny();

  @Test
  void adapterGradientIsTheSameWithAGcBeforeBackward() {
    try (EditPolicy p = Fixtures.policyWithRandomBase(CONFIG, 31)) {
      p.loadAdapter(Fixtures.perturbed(p.adapterTensors(), 32, 0.1f));
      p.setTrainable(false, true);
      float[] quiet = adapterGradient(p, false);
      for (int attempt = 0; attempt < 3; attempt++) {
        float[] afterGc = adapterGradient(p, true);
        for (float g : afterGc) {
          assertThat(Float.isFinite(g)).isTrue();
        }
        assertThat(afterGc).containsExactly(quiet);
      }
      assertThat(maxAbs(quiet)).isGreaterThan(0f);
    }
  }

  /** The flattened adapter gradient of an SDE log-prob loss through the network. */
  private static float[] adapterGradient(EditPolicy p, boolean collectGarbage) {
    Gradients.zero(p.adapterParameters());
    try (NDManager m = NDManager.newBaseManager()) {
      Conditioning c = new Conditioning(Fixtures.uniform(m, 33, 2, 3, 16, 16),
          Fixtures.tokens(m, 34, 2, CONFIG.maxTokens(), 2));
      NDArray x = Fixtures.uniform(m, 35, 2, 3, 16, 16);
      NDArray next = Fixtures.uniform(m, 36, 2, 3, 16, 16);
      float t = 0.6f;
      float dt = -0.1f;
      float sigma = FlowStep.sigma(SdeSettings.defaults(), t);
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray v = p.velocity(x, m.create(new float[] {t, t}), c);
        NDArray mean = FlowStep.sdeMean(x, v, t, dt, sigma, true);
        NDArray loss = Scalars.dividedBy(FlowStep.logProb(next, mean, sigma, dt).mean(), 4);
        if (collectGarbage) {
          // Frees every direct buffer that nothing reachable from Java holds any more.
          System.gc();
          System.runFinalization();
          System.gc();
        }
        gc.backward(loss);
      }
    }
    List<Float> all = new ArrayList<>();
    for (NDArray a : p.adapterParameters()) {
      try (NDArray g = Gradients.of(a)) {
        for (float f : g.toFloatArray()) {
          all.add(f);
        }
      }
    }
    float[] out = new float[all.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.get(i);
    }
    return out;
  }

  private static float maxAbs(float[] values) {
    float max = 0;
    for (float v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }
}
