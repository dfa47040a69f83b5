package org.editrl.learner.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.editrl.core.JsonLines;
import org.editrl.core.UserError;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.learner.advantage.AdvantageMode;
import org.editrl.learner.grpo.GrpoSettings;
import org.editrl.learner.grpo.Objective;
import org.editrl.learner.testing.SmokeBases;
import org.editrl.model.EditPolicy;
import org.editrl.model.EngineThreads;
import org.editrl.model.LoraTargets;
import org.editrl.model.ModelConfig;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.rollout.InitialNoise;
import org.editrl.rollout.WindowPlacement;
import org.editrl.world.Vocabulary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synchronous loop on a tiny freshly initialised base (no pretraining needed). */
class SyncTrainerTest {
  @TempDir static Path shared;
  static Path base;

  @BeforeAll
  static void writeBase() {
    // One intra-op thread, as `editrl train` uses by default: results then do not depend on how
    // OpenMP splits reductions under load, which bit-exact resume needs.
    EngineThreads.set(1);
    base = shared.resolve("base");
    try (EditPolicy policy = SmokeBases.perturbed(3)) {
      ModelCheckpoint.save(base, policy, 0, 0);
    }
  }

  static TrainSettings settings(long steps, Objective objective) {
    return settings(steps, objective, LoraTargets.ATTENTION);
  }

  static TrainSettings settings(long steps, Objective objective, LoraTargets loraTargets) {
    return settings(steps, objective, loraTargets, 0);
  }

  static TrainSettings settings(long steps, Objective objective, LoraTargets loraTargets,
      int loraRank) {
    GrpoSettings g = new GrpoSettings(objective, AdvantageMode.BATCH, 3, 2, 4, 2, 0.7f, 1e-3f,
        0f, 2, 1e-3f, 0.1, 1.0f, 0f, true, InitialNoise.PER_SAMPLE, WindowPlacement.UNIFORM,
        1);
    return new TrainSettings(5, steps, 1, ModelConfig.smoke(Vocabulary.world().size()).imageSize(),
        g, base, 1, 10, 0, 0, loraTargets, loraRank);
  }

  @Test
  void firstInnerEpochIsOnPolicyAndMetricsAreWritten(@TempDir Path dir) throws Exception {
    List<Map<String, Object>> lines = new ArrayList<>();
    try (SyncTrainer t = SyncTrainer.start(dir.resolve("run"), settings(2, Objective.DENSE))) {
      t.run(lines::add);
    }
    assertThat(lines).hasSize(2);
    for (Map<String, Object> line : lines) {
      assertThat((Double) line.get("first_epoch_log_ratio_max_abs")).isLessThan(1e-5);
      assertThat((Double) line.get("grad_norm")).isGreaterThan(0.0);
      assertThat((Double) line.get("flops")).isGreaterThan(0.0);
    }
    List<String> metrics = Files.readAllLines(dir.resolve("run/metrics.jsonl"));
    assertThat(metrics).hasSize(2);
    JsonNode last = JsonLines.MAPPER.readTree(metrics.get(1));
    assertThat(last.path("step").asLong()).isEqualTo(2);
    assertThat(last.has("clip_fraction")).isTrue();
    assertThat(dir.resolve("run/reward_vs_step.png")).exists();
    assertThat(dir.resolve("run/reward_vs_flops.png")).exists();
  }

  @Test
  void resumeAfterStepNGivesBitIdenticalAdapterAtStepM(@TempDir Path dir) {
    List<NamedTensor> uninterrupted;
    try (SyncTrainer t = SyncTrainer.start(dir.resolve("straight"), settings(3, Objective.DENSE))) {
      t.run(line -> {});
      uninterrupted = t.training().learner().adapterTensors();
    }
    try (SyncTrainer t = SyncTrainer.start(dir.resolve("split"), settings(3, Objective.DENSE))) {
      // Stop after the first step (as Ctrl-C would).
      t.run(line -> t.requestStop());
      assertThat(t.training().learner().step()).isEqualTo(1);
    }
    List<NamedTensor> resumed;
    try (SyncTrainer t = SyncTrainer.resume(dir.resolve("split"), null)) {
      assertThat(t.training().learner().step()).isEqualTo(1);
      t.run(line -> {});
      resumed = t.training().learner().adapterTensors();
    }
    assertThat(resumed).hasSameSizeAs(uninterrupted);
    for (int i = 0; i < resumed.size(); i++) {
      assertThat(resumed.get(i).name()).isEqualTo(uninterrupted.get(i).name());
      assertThat(resumed.get(i).sha256()).as(resumed.get(i).name())
          .isEqualTo(uninterrupted.get(i).sha256());
    }
  }

  @Test
  void loraOnAllTargetsAtAHigherRankTrainsTheWiderAdapterAndResumesIt(@TempDir Path dir) {
    List<Map<String, Object>> lines = new ArrayList<>();
    try (SyncTrainer t = SyncTrainer.start(dir.resolve("run"),
        settings(2, Objective.DENSE, LoraTargets.ALL, 8))) {
      t.run(line -> {
        lines.add(line);
        t.requestStop();
      });
    }
    // the base checkpoint's rank-4 attention-only adapter was widened to rank 8 on every map
    // (new directions at B = 0): still on policy
    assertThat((Double) lines.get(0).get("first_epoch_log_ratio_max_abs")).isLessThan(1e-5);
    try (SyncTrainer t = SyncTrainer.resume(dir.resolve("run"), null)) {
      assertThat(t.training().learner().step()).isEqualTo(1);
      assertThat(t.training().policy().config().loraRank()).isEqualTo(8);
      t.run(line -> {});
      NamedTensor out = t.training().learner().adapterTensors().stream()
          .filter(n -> n.name().equals("final.out.lora_b")).findFirst().orElseThrow();
      float max = 0;
      for (float v : out.floats()) {
        max = Math.max(max, Math.abs(v));
      }
      assertThat(max).as("trained final.out LoRA B").isGreaterThan(0f);
    }
  }

  @Test
  void blockNoiseRunIsOnPolicyAtItsFirstStepAndTrains(@TempDir Path dir) {
    TrainSettings d = settings(1, Objective.DENSE);
    TrainSettings blocky = new TrainSettings(d.seed(), 2, d.worldSeed(), d.resolution(),
        d.grpo().withNoiseBlock(4), d.baseCheckpoint(), 1, 10, 0, 0, LoraTargets.ATTENTION, 0);
    List<Map<String, Object>> lines = new ArrayList<>();
    try (SyncTrainer t = SyncTrainer.start(dir.resolve("run"), blocky)) {
      t.run(lines::add);
    }
    assertThat(lines).hasSize(2);
    for (Map<String, Object> line : lines) {
      // the log-probs the sampler stored are the ones the learner recomputes (block means)
      assertThat((Double) line.get("first_epoch_log_ratio_max_abs")).isLessThan(1e-5);
      assertThat((Double) line.get("grad_norm")).isGreaterThan(0.0);
    }
    // the second inner epoch sees the moved policy
    assertThat((Double) lines.get(1).get("log_ratio_max_abs")).isGreaterThan(0.0);
  }

  @Test
  void aNoiseBlockThatDoesNotDivideTheImageFailsBeforeAnyWork() {
    TrainSettings d = settings(1, Objective.DENSE);
    TrainSettings three = new TrainSettings(d.seed(), 1, d.worldSeed(), d.resolution(),
        d.grpo().withNoiseBlock(3), d.baseCheckpoint(), 1, 10, 0, 0, LoraTargets.ATTENTION, 0);
    assertThatThrownBy(three::validated).isInstanceOf(UserError.class)
        .hasMessageContaining("noise block 3").hasMessageContaining("divide");
    assertThatThrownBy(() -> d.grpo().withNoiseBlock(-1).validated())
        .isInstanceOf(UserError.class).hasMessageContaining("noise block");
  }

  @Test
  void perStepObjectiveTrainsToo(@TempDir Path dir) {
    List<Map<String, Object>> lines = new ArrayList<>();
    try (SyncTrainer t = SyncTrainer.start(dir.resolve("run"), settings(1, Objective.PER_STEP))) {
      t.run(lines::add);
    }
    assertThat((Double) lines.get(0).get("first_epoch_log_ratio_max_abs")).isLessThan(1e-5);
  }

  @Test
  void badSettingsFailBeforeAnyWork(@TempDir Path dir) {
    GrpoSettings d = settings(1, Objective.DENSE).grpo();
    GrpoSettings windowTooLong = new GrpoSettings(d.objective(), d.advantageMode(), 3, 2, 4, 5,
        0.7f, 1e-3f, 0f, 1, 1e-3f, 0.1, 1f, 0f, true, d.initialNoise(), d.windowPlacement(),
        1);
    assertThatThrownBy(windowTooLong::validated).isInstanceOf(UserError.class)
        .hasMessageContaining("k=5").hasMessageContaining("T=4");
    GrpoSettings groupOfOne = new GrpoSettings(d.objective(), d.advantageMode(), 1, 2, 4, 2,
        0.7f, 1e-3f, 0f, 1, 1e-3f, 0.1, 1f, 0f, true, d.initialNoise(), d.windowPlacement(),
        1);
    assertThatThrownBy(groupOfOne::validated).isInstanceOf(UserError.class)
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> Objective.parse("ppo")).isInstanceOf(UserError.class)
        .hasMessageContaining("dense, per-step");
    assertThatThrownBy(() -> AdvantageMode.parse("rank")).isInstanceOf(UserError.class);
    assertThat(InitialNoise.parse("Shared")).isEqualTo(InitialNoise.SHARED);
    assertThatThrownBy(() -> InitialNoise.parse("common")).isInstanceOf(UserError.class)
        .hasMessageContaining("per-sample").hasMessageContaining("shared");
    assertThat(WindowPlacement.parse("LAST")).isEqualTo(WindowPlacement.LAST);
    assertThatThrownBy(() -> WindowPlacement.parse("middle")).isInstanceOf(UserError.class)
        .hasMessageContaining("uniform").hasMessageContaining("first").hasMessageContaining("last");
    TrainSettings wrongSize = new TrainSettings(5, 1, 1, 64, d, base, 1, 1, 0, 0, null, 0);
    assertThatThrownBy(() -> SyncTrainer.start(dir.resolve("r"), wrongSize))
        .isInstanceOf(UserError.class).hasMessageContaining("pretrain a base");
    assertThat(dir.resolve("r")).doesNotExist();
    TrainSettings narrower = settings(1, Objective.DENSE, LoraTargets.ATTENTION, 2);
    assertThatThrownBy(() -> SyncTrainer.start(dir.resolve("r"), narrower))
        .isInstanceOf(UserError.class).hasMessageContaining("rank 4").hasMessageContaining("lora-rank");
    assertThat(dir.resolve("r")).doesNotExist();
  }
}
