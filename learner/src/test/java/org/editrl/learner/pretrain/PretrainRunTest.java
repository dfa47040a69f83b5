package org.editrl.learner.pretrain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.editrl.core.JsonLines;
import org.editrl.model.EditPolicy;
import org.editrl.model.EngineThreads;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.world.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smoke preset end to end: it learns, writes a loadable checkpoint, and beats identity. */
class PretrainRunTest {
  @TempDir Path out;

  @Test
  void smokePretrainLearnsAndBeatsTheIdentityEditOnHeldOutTasks() throws Exception {
    EngineThreads.set(1);
    PretrainSettings settings = PretrainSettings.smoke(Vocabulary.world().size());
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    PretrainRun.Result result = PretrainRun.run(settings, out,
        new PrintStream(stdout, true, StandardCharsets.UTF_8),
        new PrintStream(stderr, true, StandardCharsets.UTF_8));

    List<JsonNode> lines = new ArrayList<>();
    for (String line : stdout.toString(StandardCharsets.UTF_8).split("\n")) {
      lines.add(JsonLines.MAPPER.readTree(line));
    }
    assertThat(Files.readAllLines(out.resolve(PretrainRun.METRICS_FILE))).hasSize(lines.size());
    List<Double> losses = lines.stream().filter(l -> l.path("event").asText().equals("pretrain"))
        .map(l -> l.get("loss").asDouble()).toList();
    assertThat(losses).hasSize(settings.steps() / settings.logEvery());
    assertThat(losses.get(losses.size() - 1)).isLessThan(losses.get(0) * 0.7);

    assertThat(result.heldout()).extracting(HeldoutEvaluation.Row::category).contains("all");
    HeldoutEvaluation.Row all = result.heldout().get(result.heldout().size() - 1);
    assertThat(all.tasks()).isEqualTo(settings.evalTasks());
    assertThat(all.reward()).isGreaterThan(all.identityReward() + 0.05);

    ModelCheckpoint.Manifest manifest = ModelCheckpoint.manifest(out);
    assertThat(manifest.step()).isEqualTo(settings.steps());
    assertThat(manifest.dataSeed()).isEqualTo(settings.worldSeed());
    try (EditPolicy loaded = ModelCheckpoint.load(out, settings.model())) {
      assertThat(loaded.baseTensors().get(0).name()).isEqualTo("text.embed");
    }
    assertThat(stderr.toString(StandardCharsets.UTF_8)).contains("pretrain").contains("checkpoint written");
  }

  @Test
  void captionsUseOnlyWorldWords() {
    var world = new org.editrl.world.EditWorld(3, 32);
    Vocabulary v = Vocabulary.world();
    for (int i = 0; i < 50; i++) {
      String caption = Captions.of(world.task(org.editrl.world.Split.TRAIN, i).targetScene());
      for (String word : Vocabulary.words(caption)) {
        assertThat(v.contains(word)).as(word + " in '" + caption + "'").isTrue();
      }
    }
  }
}
