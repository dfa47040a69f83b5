package org.editrl.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.editrl.core.UserError;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.core.tensor.Safetensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EditPolicyTest {
  private static final ModelConfig CONFIG = Fixtures.tiny();

  private static Conditioning conditioning(NDManager m, int batch, boolean caption) {
    return new Conditioning(caption ? null : Fixtures.uniform(m, 11, batch, 3, 16, 16),
        Fixtures.tokens(m, 12, batch, CONFIG.maxTokens(), 2));
  }

  private static NDArray times(NDManager m, float... t) {
    return m.create(t);
  }

  @Test
  void freshPolicyIsTheIdentityEdit() {
    try (EditPolicy p = EditPolicy.create(CONFIG, 1); NDManager m = NDManager.newBaseManager()) {
      Conditioning c = conditioning(m, 2, false);
      NDArray x0 = p.predictX0(Fixtures.uniform(m, 3, 2, 3, 16, 16), times(m, 0.5f, 0.9f), c);
      assertThat(x0.toFloatArray()).containsExactly(c.source().toFloatArray());
    }
  }

  @ParameterizedTest
  @EnumSource(LoraTargets.class)
  void freshAdapterReproducesTheBaseExactly(LoraTargets targets) {
    try (EditPolicy p = Fixtures.policyWithRandomBase(CONFIG.withLoraTargets(targets), 2);
        NDManager m = NDManager.newBaseManager()) {
      for (boolean caption : new boolean[] {false, true}) {
        Conditioning c = conditioning(m, 3, caption);
        NDArray xt = Fixtures.uniform(m, 4, 3, 3, 16, 16);
        NDArray t = times(m, 0.2f, 0.5f, 1.0f);
        p.setAdapterEnabled(true);
        float[] withAdapter = p.velocity(xt, t, c).toFloatArray();
        p.setAdapterEnabled(false);
        float[] baseOnly = p.velocity(xt, t, c).toFloatArray();
        assertThat(withAdapter).containsExactly(baseOnly);
        // and the base is not trivially the identity: the output depends on the input
        float[] source = caption ? new float[withAdapter.length] : c.source().toFloatArray();
        assertThat(withAdapter).isNotEqualTo(source);
      }
    }
  }

  @Test
  void mergedCopyMatchesTheAdaptedPolicy() {
    try (EditPolicy p = Fixtures.policyWithRandomBase(CONFIG, 5);
        NDManager m = NDManager.newBaseManager()) {
      p.loadAdapter(Fixtures.perturbed(p.adapterTensors(), 6, 0.1f));
      Conditioning c = conditioning(m, 2, false);
      NDArray xt = Fixtures.uniform(m, 7, 2, 3, 16, 16);
      NDArray t = times(m, 0.3f, 0.8f);
      float[] adapted = p.predictX0(xt, t, c).toFloatArray();
      p.setAdapterEnabled(false);
      float[] baseOnly = p.predictX0(xt, t, c).toFloatArray();
      p.setAdapterEnabled(true);
      assertThat(maxAbsDiff(adapted, baseOnly)).as("adapter must matter").isGreaterThan(1e-3);
      try (EditPolicy merged = p.mergedCopy()) {
        float[] fromMerged = merged.predictX0(xt, t, c).toFloatArray();
        assertThat(maxAbsDiff(adapted, fromMerged)).isLessThan(1e-5);
        assertThat(merged.adapterTensors().stream()
                .filter(a -> a.name().endsWith(".lora_b"))
                .allMatch(a -> allZero(a.floats())))
            .isTrue();
      }
    }
  }

  @Test
  void adapterSafetensorsRoundTripIsBitExact() {
    try (EditPolicy p = EditPolicy.create(CONFIG, 8); EditPolicy q = EditPolicy.create(CONFIG, 9)) {
      p.loadAdapter(Fixtures.perturbed(p.adapterTensors(), 10, 0.3f));
      byte[] bytes = Safetensors.encode(p.adapterTensors(), Map.of());
      q.loadAdapter(Safetensors.decode(bytes, "test").tensors());
      assertThat(q.adapterTensors()).isEqualTo(p.adapterTensors());
      assertThat(Safetensors.encode(q.adapterTensors(), Map.of())).isEqualTo(bytes);
    }
  }

  @Test
  void loadingAMismatchedAdapterIsAUserError() {
    try (EditPolicy p = EditPolicy.create(CONFIG, 8)) {
      List<NamedTensor> tensors = p.adapterTensors();
      assertThatThrownBy(() -> p.loadAdapter(tensors.subList(1, tensors.size())))
          .isInstanceOf(UserError.class)
          .hasMessageContaining(tensors.get(0).name());
      NamedTensor first = tensors.get(0);
      List<NamedTensor> reshaped = new java.util.ArrayList<>(tensors);
      reshaped.set(0, NamedTensor.ofFloats(first.name(), new long[] {first.elementCount()},
          first.floats()));
      assertThatThrownBy(() -> p.loadAdapter(reshaped))
          .isInstanceOf(UserError.class)
          .hasMessageContaining("this network needs");
    }
  }

  @ParameterizedTest
  @EnumSource(LoraTargets.class)
  void gradientReachesTheAdapterAndNotTheFrozenBase(LoraTargets targets) {
    try (EditPolicy p = Fixtures.policyWithRandomBase(CONFIG.withLoraTargets(targets), 13);
        NDManager m = NDManager.newBaseManager()) {
      p.setTrainable(false, true);
      Conditioning c = conditioning(m, 2, false);
      NDArray xt = Fixtures.uniform(m, 14, 2, 3, 16, 16);
      // a fresh adapter: LoRA B and the focus gates get gradient at once
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        NDArray loss = p.velocity(xt, times(m, 0.4f, 0.7f), c).square().mean();
        gc.backward(loss);
      }
      List<String> names = p.adapterParameterNames();
      List<NDArray> params = p.adapterParameters();
      assertThat(names.contains("final.out.lora_b")).isEqualTo(targets == LoraTargets.ALL);
      for (int i = 0; i < names.size(); i++) {
        if (names.get(i).endsWith(".lora_b") || names.get(i).startsWith("focus.gate")) {
          NDArray g = params.get(i).getGradient();
          assertThat(g).as(names.get(i)).isNotNull();
          assertThat(g.abs().sum().getFloat()).as(names.get(i)).isGreaterThan(0f);
          g.close();
        }
      }
      for (NDArray b : p.baseParameters()) {
        assertThat(org.editrl.model.train.Gradients.of(b)).isNull();
      }
      // once gates and B are non-zero, LoRA A, soft tokens and the predictor get gradient too
      p.loadAdapter(Fixtures.perturbed(p.adapterTensors(), 15, 0.1f));
      try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
        gc.zeroGradients();
        NDArray loss = p.velocity(xt, times(m, 0.4f, 0.7f), c).square().mean();
        gc.backward(loss);
      }
      for (int i = 0; i < names.size(); i++) {
        NDArray g = params.get(i).getGradient();
        assertThat(g).as(names.get(i)).isNotNull();
        assertThat(g.abs().sum().getFloat()).as(names.get(i)).isGreaterThan(0f);
        g.close();
      }
    }
  }

  @Test
  void forwardPassLeavesNothingInThePolicyManager() {
    try (EditPolicy p = Fixtures.policyWithRandomBase(CONFIG, 16);
        NDManager m = NDManager.newBaseManager()) {
      p.loadAdapter(Fixtures.perturbed(p.adapterTensors(), 17, 0.1f));
      int before = p.manager().getManagedArrays().size();
      Conditioning c = conditioning(m, 2, false);
      NDArray half = times(m, 0.5f, 0.5f);
      for (int i = 0; i < 3; i++) {
        try (NDManager step = m.newSubManager()) {
          NDArray xt = Fixtures.uniform(step, 18, 2, 3, 16, 16);
          p.velocity(xt, half, c);
          p.velocity(xt, times(step, 0.5f, 0.5f), new Conditioning(null, c.tokens()));
        }
      }
      p.focusPositions(c);
      assertThat(p.manager().getManagedArrays()).hasSize(before);
      assertThat(m.getManagedArrays()).hasSize(3);
    }
  }

  @Test
  void focusPositionsAvoidPaddingAndCoverEveryLayer() {
    try (EditPolicy p = EditPolicy.create(CONFIG, 19); NDManager m = NDManager.newBaseManager()) {
      p.loadAdapter(Fixtures.perturbed(p.adapterTensors(), 20, 1f));
      Conditioning c = new Conditioning(null, Fixtures.tokens(m, 21, 3, CONFIG.maxTokens(), 3));
      int[][] positions = p.focusPositions(c);
      assertThat(positions).hasDimensions(3, CONFIG.depth());
      int lastFree = CONFIG.maxTokens() - 3 - CONFIG.focusTokens();
      for (int[] sample : positions) {
        for (int pos : sample) {
          assertThat(pos).isBetween(0, lastFree);
        }
      }
    }
  }

  @Test
  void argmaxFocusModeRunsAndDiffersFromExpectationOnceTrained() {
    ModelConfig hard = CONFIG.withFocusInference(ModelConfig.ARGMAX);
    try (EditPolicy soft = Fixtures.policyWithRandomBase(CONFIG, 22);
        EditPolicy argmax = EditPolicy.create(hard, 0);
        NDManager m = NDManager.newBaseManager()) {
      soft.loadAdapter(Fixtures.perturbed(soft.adapterTensors(), 23, 0.5f));
      argmax.loadBase(soft.baseTensors());
      argmax.loadAdapter(soft.adapterTensors());
      Conditioning c = conditioning(m, 2, false);
      NDArray xt = Fixtures.uniform(m, 24, 2, 3, 16, 16);
      float[] a = soft.predictX0(xt, times(m, 0.5f, 0.5f), c).toFloatArray();
      float[] b = argmax.predictX0(xt, times(m, 0.5f, 0.5f), c).toFloatArray();
      assertThat(maxAbsDiff(a, b)).isGreaterThan(0f);
    }
  }

  static double maxAbsDiff(float[] a, float[] b) {
    double max = 0;
    for (int i = 0; i < a.length; i++) {
      max = Math.max(max, Math.abs(a[i] - b[i]));
    }
    return max;
  }

  private static boolean allZero(float[] v) {
    for (float f : v) {
      if (f != 0f) {
        return false;
      }
    }
    return true;
  }
}
