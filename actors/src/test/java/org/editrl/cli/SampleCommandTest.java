package org.editrl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.editrl.cli.EditrlCliTest.Result;
import org.editrl.core.JsonLines;
import org.editrl.core.Png;
import org.editrl.core.tensor.Safetensors;
import org.editrl.model.EditPolicy;
import org.editrl.model.ModelConfig;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.rollout.SdeTrace;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import org.editrl.world.Vocabulary;
import org.editrl.world.manifest.WorldExport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleCommandTest {
  @TempDir static Path dir;
  static Path checkpoint;
  static Path tasks;

  @BeforeAll
  static void checkpointAndTasks() {
    ModelConfig config = ModelConfig.smoke(Vocabulary.world().size());
    checkpoint = dir.resolve("ckpt");
    try (EditPolicy policy = EditPolicy.create(config, 1)) {
      ModelCheckpoint.save(checkpoint, policy, 0, 0);
    }
    tasks = dir.resolve("tasks");
    WorldExport.write(new EditWorld(2, config.imageSize()), Split.HELDOUT, 0, 3, tasks, n -> {});
  }

  @Test
  void writesAGroupOfPngsPerTaskAJsonLineEachAndTheTrace() throws Exception {
    Path out = dir.resolve("out");
    Path trace = dir.resolve("trace.safetensors");
    Result r = EditrlCliTest.run("sample", "--checkpoint", checkpoint.toString(), "--tasks", tasks.toString(),
        "--group", "2", "--window", "1:2", "--steps", "4", "--out", out.toString(), "--trace", trace.toString());
    assertThat(r.status()).as(r.err()).isZero();
    List<String> lines = r.out().strip().lines().toList();
    assertThat(lines).hasSize(3);
    JsonNode first = JsonLines.MAPPER.readTree(lines.get(0));
    assertThat(first.get("task_id").asText()).isEqualTo("heldout-0");
    assertThat(first.get("images")).hasSize(2);
    assertThat(first.get("window_log_prob")).hasSize(2);
    for (JsonNode image : first.get("images")) {
      assertThat(Png.read(Path.of(image.asText())).width()).isEqualTo(32);
    }
    assertThat(Files.list(out).count()).isEqualTo(3);
    Safetensors.Contents c = Safetensors.read(trace);
    assertThat(c.metadata()).containsEntry("format", SdeTrace.FORMAT).containsEntry("task_id", "heldout-0")
        .containsEntry("window_start", "1").containsEntry("window_length", "2");
    assertThat(c.get("states").shape()).containsExactly(2, 3, 3, 32, 32);
    assertThat(c.get("log_probs").floats()).hasSize(4);
  }

  @Test
  void smokePresetSamplesAtMostTwoTasks() {
    Result r = EditrlCliTest.run("sample", "--checkpoint", checkpoint.toString(), "--tasks", tasks.toString(),
        "--group", "1", "--steps", "3", "--window", "0:1", "--out", dir.resolve("smoke").toString(), "--preset", "smoke");
    assertThat(r.status()).as(r.err()).isZero();
    assertThat(r.out().strip().lines()).hasSize(2);
  }

  @Test
  void aWindowThatDoesNotFitIsOneLineAndExitTwo() {
    Result r = EditrlCliTest.run("sample", "--checkpoint", checkpoint.toString(), "--tasks", tasks.toString(),
        "--window", "8:3", "--out", dir.resolve("bad").toString());
    assertThat(r.status()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("--window 8:3 does not fit 10 steps");
    Result missing = EditrlCliTest.run("sample", "--checkpoint", dir.resolve("nope").toString(), "--tasks", tasks.toString(),
        "--out", dir.resolve("bad").toString());
    assertThat(missing.status()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(missing.err().strip().lines()).hasSize(1);
    Path noThreadsOut = dir.resolve("no-threads");
    Result noThreads = EditrlCliTest.run("sample", "--checkpoint", checkpoint.toString(), "--tasks",
        tasks.toString(), "--threads", "0", "--out", noThreadsOut.toString());
    assertThat(noThreads.status()).isEqualTo(EditrlCli.EXIT_USER_ERROR);
    assertThat(noThreads.err().strip().lines()).hasSize(1);
    assertThat(noThreads.err()).contains("--threads must be at least 1, got 0");
    assertThat(noThreadsOut).doesNotExist();
  }
}
