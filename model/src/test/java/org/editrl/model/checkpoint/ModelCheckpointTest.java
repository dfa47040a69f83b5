package org.editrl.model.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.editrl.core.UserError;
import org.editrl.model.EditPolicy;
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
          c.focusInference(), c.loraRank(), c.loraAlpha());
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
  void aMissingCheckpointSaysHowToMakeOne() {
    assertThatThrownBy(() -> ModelCheckpoint.load(dir.resolve("nothing")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("pretrain");
  }
}
