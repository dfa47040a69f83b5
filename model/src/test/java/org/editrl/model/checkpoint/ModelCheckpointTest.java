package org.editrl.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.editrl.core.UserError;
import org.editrl.core.tensor.NamedTensor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.editrl.model.Conditioning;
import org.editrl.model.EditPolicy;
import org.editrl.model.LoraTargets;
import org.editrl.model.Fixtures;
import org.editrl.model.ModelConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCheckpointTest {
  @TempDir Path dir;

  private EditPolicy saved() {
    EditPolicy p = Fixtures.policyWithRandomBase(Fixtures.tiny(), 1);
    p.loadAdapter(Fixtures.perturbed(p.adapterTensors(), 2, 0.1f));
    ModelCheckpoint.save(dir, p, 123, 77);
    return p;
  }

  @Test
  void roundTripsBitExactWithTheManifest() {
    try (EditPolicy p = saved(); EditPolicy q = ModelCheckpoint.load(dir)) {
      assertThat(q.baseTensors()).isEqualTo(p.baseTensors());
      assertThat(q.adapterTensors()).isEqualTo(p.adapterTensors());
      assertThat(q.config()).isEqualTo(p.config());
      ModelCheckpoint.Manifest m = ModelCheckpoint.manifest(dir);
      assertThat(m.step()).isEqualTo(123);
      assertThat(m.dataSeed()).isEqualTo(77);
    }
  }

  @Test
  void refusesAFileWhoseSha256DoesNotMatch() throws Exception {
    try (EditPolicy p = saved()) {
      Path base = dir.resolve(ModelCheckpoint.BASE_FILE);
      byte[] bytes = Files.readAllBytes(base);
      bytes[bytes.length - 1] ^= 1;
      Files.write(base, bytes);
      assertThatThrownBy(() -> ModelCheckpoint.load(dir))
          .isInstanceOf(UserError.class)
          .hasMessageContaining(base.toString())
          .hasMessageContaining("SHA-256");
    }
  }

  @Test
  void refusesAnotherArchitecture() {
    try (EditPolicy p = saved()) {
      ModelConfig c = p.config();
      ModelConfig wider = new ModelConfig(c.imageSize(), c.patchSize(), c.width() * 2, c.depth(),
          c.heads(), c.vocabSize(), c.maxTokens(), c.imageCrossAttentionScale(), c.focusTokens(),
          c.focusInference(), c.loraRank(), c.loraAlpha(), c.loraTargets());
      assertThatThrownBy(() -> ModelCheckpoint.load(dir, wider))
          .isInstanceOf(UserError.class)
          .hasMessageContaining(dir.resolve(ModelCheckpoint.MANIFEST_FILE).toString())
          .hasMessageContaining("architecture");
      // the inference knobs may differ
      try (EditPolicy hard = ModelCheckpoint.load(dir, c.withFocusInference(ModelConfig.ARGMAX))) {
        assertThat(hard.config().focusInference()).isEqualTo(ModelConfig.ARGMAX);
      }
    }
  }

  @Test
  void anAttentionAdapterWidensToAllTargetsAndComputesTheSame() {
    try (EditPolicy p = saved();
        EditPolicy wide = ModelCheckpoint.loadWithLoraOn(dir, LoraTargets.ALL);
        NDManager m = NDManager.newBaseManager()) {
      assertThat(wide.config().loraTargets()).isEqualTo(LoraTargets.ALL);
      assertThat(wide.adapterTensors()).containsAll(p.adapterTensors());
      assertThat(wide.adapterParameterNames()).contains("block.0.mlp.fc1.lora_a", "block.1.ada.lora_b",
          "final.ada.lora_a", "final.out.lora_b");
      Conditioning c = new Conditioning(Fixtures.uniform(m, 4, 2, 3, 16, 16),
          Fixtures.tokens(m, 3, 2, p.config().maxTokens(), 2));
      NDArray xt = Fixtures.uniform(m, 5, 2, 3, 16, 16);
      NDArray t = m.create(new float[] {0.3f, 0.8f});
      assertThat(wide.velocity(xt, t, c).toFloatArray())
          .containsExactly(p.velocity(xt, t, c).toFloatArray());
      // asking for what the checkpoint has is a plain load
      try (EditPolicy same = ModelCheckpoint.loadWithLoraOn(dir, LoraTargets.ATTENTION)) {
        assertThat(same.adapterTensors()).isEqualTo(p.adapterTensors());
      }
    }
  }

  @Test
  void aTrainedAdapterWidensToAHigherRankAndComputesTheSame() {
    try (EditPolicy p = saved();
        EditPolicy wide = ModelCheckpoint.loadWithLora(dir, LoraTargets.ALL, 8);
        NDManager m = NDManager.newBaseManager()) {
      assertThat(wide.config().loraRank()).isEqualTo(8);
      assertThat(wide.config().loraAlpha()).isCloseTo(4f * (float) Math.sqrt(2), within(1e-6f));
      NamedTensor storedA = named(p.adapterTensors(), "block.0.self.q.lora_a");
      NamedTensor wideA = named(wide.adapterTensors(), "block.0.self.q.lora_a");
      NamedTensor wideB = named(wide.adapterTensors(), "block.0.self.q.lora_b");
      assertThat(wideA.shape()).containsExactly(storedA.shape()[0], 8);
      assertThat(wideB.shape()).containsExactly(8, named(p.adapterTensors(), "block.0.self.q.lora_b").shape()[1]);
      // the stored directions are kept; the new ones start with B = 0
      float[] a = wideA.floats();
      float[] a0 = storedA.floats();
      for (int i = 0; i < storedA.shape()[0]; i++) {
        for (int j = 0; j < 4; j++) {
          assertThat(a[i * 8 + j]).isEqualTo(a0[i * 4 + j]);
        }
      }
      float[] b = wideB.floats();
      int out = (int) wideB.shape()[1];
      for (int i = 4 * out; i < b.length; i++) {
        assertThat(b[i]).isZero();
      }
      Conditioning c = new Conditioning(Fixtures.uniform(m, 4, 2, 3, 16, 16),
          Fixtures.tokens(m, 3, 2, p.config().maxTokens(), 2));
      NDArray xt = Fixtures.uniform(m, 5, 2, 3, 16, 16);
      NDArray t = m.create(new float[] {0.3f, 0.8f});
      float[] want = p.velocity(xt, t, c).toFloatArray();
      float[] got = wide.velocity(xt, t, c).toFloatArray();
      for (int i = 0; i < want.length; i++) {
        assertThat(got[i]).isCloseTo(want[i], within(1e-4f));
      }
    }
  }

  @Test
  void aRankIsNotNarrowed() {
    try (EditPolicy p = saved()) {
      assertThatThrownBy(() -> ModelCheckpoint.loadWithLora(dir, LoraTargets.ATTENTION, 2))
          .isInstanceOf(UserError.class)
          .hasMessageContaining("rank 4")
          .hasMessageContaining("lora-rank");
      try (EditPolicy same = ModelCheckpoint.loadWithLora(dir, LoraTargets.ATTENTION, 4)) {
        assertThat(same.adapterTensors()).isEqualTo(p.adapterTensors());
      }
    }
  }

  private static NamedTensor named(List<NamedTensor> ts, String name) {
    return ts.stream().filter(t -> t.name().equals(name)).findFirst().orElseThrow();
  }

  @Test
  void anAdapterTrainedOnAllTargetsIsNotNarrowed() {
    try (EditPolicy p = Fixtures.policyWithRandomBase(
        Fixtures.tiny().withLoraTargets(LoraTargets.ALL), 1)) {
      p.loadAdapter(Fixtures.perturbed(p.adapterTensors(), 2, 0.1f));
      ModelCheckpoint.save(dir, p, 5, 1);
      try (EditPolicy q = ModelCheckpoint.load(dir)) {
        assertThat(q.config().loraTargets()).isEqualTo(LoraTargets.ALL);
        assertThat(q.adapterTensors()).isEqualTo(p.adapterTensors());
      }
      assertThatThrownBy(() -> ModelCheckpoint.loadWithLoraOn(dir, LoraTargets.ATTENTION))
          .isInstanceOf(UserError.class)
          .hasMessageContaining("cannot be narrowed")
          .hasMessageContaining("lora-targets = all");
    }
  }

  @Test
  void aMissingCheckpointSaysHowToMakeOne() {
    assertThatThrownBy(() -> ModelCheckpoint.load(dir.resolve("nothing")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("pretrain");
  }
}
