package org.editrl.learner.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.editrl.core.JsonLines;
import org.editrl.learner.grpo.GrpoSettings;
import org.editrl.model.LoraTargets;
import org.editrl.rollout.InitialNoise;
import org.editrl.rollout.WindowPlacement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
  private static TrainSettings settings(Path base) {
    GrpoSettings g = GrpoSettings.defaults().withInitialNoise(InitialNoise.SHARED).withNoiseBlock(4);
    return new TrainSettings(7, 12, 3, 32, g, base, 2, 3, 0, 0, LoraTargets.ALL, 8);
  }

  @Test
  void settingsRoundTripThroughRunJson(@TempDir Path dir) {
    TrainSettings s = settings(dir.resolve("base"));
    RunDirectory run = new RunDirectory(dir.resolve("run"));
    run.create(s);
    assertThat(run.readSettings()).isEqualTo(s);
  }

  @Test
  void aRunJsonFromBeforeTheNewerSettingsReadsAsThoseRunsBehaved(@TempDir Path dir)
      throws Exception {
    RunDirectory run = new RunDirectory(dir.resolve("run"));
    run.create(settings(dir.resolve("base")));
    ObjectNode json = (ObjectNode) JsonLines.MAPPER.readTree(run.settingsFile().toFile());
    ObjectNode grpo = (ObjectNode) json.get("grpo");
    grpo.remove("initialNoise");
    grpo.remove("windowPlacement");
    grpo.remove("noiseBlock");
    json.remove("loraTargets");
    json.remove("loraRank");
    Files.write(run.settingsFile(), JsonLines.MAPPER.writeValueAsBytes(json));

    TrainSettings old = run.readSettings();
    assertThat(old.grpo().initialNoise()).isEqualTo(InitialNoise.PER_SAMPLE);
    assertThat(old.grpo().windowPlacement()).isEqualTo(WindowPlacement.UNIFORM);
    assertThat(old.grpo().noiseBlock()).isEqualTo(1);
    assertThat(old.grpo().sde().noiseBlock()).isEqualTo(1);
    assertThat(old.loraTargets()).isEqualTo(LoraTargets.ATTENTION);
    assertThat(old.loraRank()).as("the base checkpoint's rank").isZero();
    assertThat(old.grpo().groupSize()).isEqualTo(GrpoSettings.defaults().groupSize());
  }
}
