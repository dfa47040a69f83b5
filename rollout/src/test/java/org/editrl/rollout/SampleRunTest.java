package org.editrl.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.editrl.core.Png;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.core.tensor.Safetensors;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import org.editrl.world.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleRunTest {
  @TempDir Path dir;

  private static List<EditTask> tasks() {
    EditWorld world = new EditWorld(1, 16);
    return List.of(world.task(Split.TRAIN, 0), world.task(Split.TRAIN, 1));
  }

  private static SampleRun.Settings settings() {
    return new SampleRun.Settings(TimeGrid.uniform(8), SdeSettings.defaults(), 3, 2, 3, 12, false, 5L);
  }

  @Test
  void writesAPngPerSampleAndATraceThatReChecksTheSdeMathsFromTheFileAlone() {
    Path trace = dir.resolve("trace.safetensors");
    List<SampleRun.TaskResult> seen = new ArrayList<>();
    List<SampleRun.TaskResult> results =
        SampleRun.run(AnalyticFields.gaussian(0.2f), Vocabulary.world(), tasks(), settings(), dir.resolve("out"), trace, seen::add);
    assertThat(seen).isEqualTo(results);
    assertThat(results).hasSize(2);
    for (SampleRun.TaskResult r : results) {
      assertThat(r.images()).hasSize(3);
      for (Path png : r.images()) {
        assertThat(Png.read(png).width()).isEqualTo(16);
      }
      assertThat(r.windowLogProbs()).hasSize(3);
    }

    Safetensors.Contents c = Safetensors.read(trace);
    assertThat(c.metadata()).containsEntry("format", SdeTrace.FORMAT).containsEntry("window_start", "2")
        .containsEntry("window_length", "3").containsEntry("task_id", tasks().get(0).id());
    assertThat(c.get("states").shape()).containsExactly(3, 4, 3, 16, 16);
    assertThat(c.get("log_probs").shape()).containsExactly(3, 3);
    assertThat(c.get("noise_seeds").shape()).containsExactly(3);
    float[] t = c.get("t").floats();
    float[] dt = c.get("dt").floats();
    float[] sigma = c.get("sigma").floats();
    float[] x = c.get("states").floats();
    float[] v = c.get("velocities").floats();
    float[] mu = c.get("means").floats();
    float[] eps = c.get("noises").floats();
    float[] lp = c.get("log_probs").floats();
    double a = Double.parseDouble(c.metadata().get("noise_level"));
    double clamp = Double.parseDouble(c.metadata().get("t_clamp"));
    int n = 3 * 16 * 16;
    int k = 3;
    for (int i = 0; i < k; i++) {
      assertThat((double) t[i]).isCloseTo(1 - (2 + i) / 8.0, within(1e-6));
      double tc = Math.min(t[i], clamp);
      assertThat((double) sigma[i]).isCloseTo(a * Math.sqrt(tc / (1 - tc)), within(1e-5));
    }
    for (int g = 0; g < 3; g++) {
      for (int i = 0; i < k; i++) {
        double s2 = (double) sigma[i] * sigma[i];
        double std = sigma[i] * Math.sqrt(-dt[i]);
        double sum = 0;
        for (int e = 0; e < n; e++) {
          double xj = x[(g * (k + 1) + i) * n + e];
          double xNext = x[(g * (k + 1) + i + 1) * n + e];
          int at = (g * k + i) * n + e;
          double mean = xj * (1 + s2 * dt[i] / (2 * t[i])) + v[at] * (1 + s2 * (1 - t[i]) / (2 * t[i])) * dt[i];
          assertThat((double) mu[at]).isCloseTo(mean, within(1e-5));
          assertThat(xNext).isCloseTo(mean + std * eps[at], within(1e-5));
          sum += -Math.pow(xNext - mean, 2) / (2 * std * std) - Math.log(std) - 0.5 * Math.log(2 * Math.PI);
        }
        assertThat((double) lp[g * k + i]).isCloseTo(sum / n, within(1e-4));
      }
    }
  }

  @Test
  void theSameSeedWritesTheSameImages() throws Exception {
    List<SampleRun.TaskResult> a = SampleRun.run(AnalyticFields.gaussian(0.2f), Vocabulary.world(), tasks(), settings(), dir.resolve("a"), null, r -> {});
    List<SampleRun.TaskResult> b = SampleRun.run(AnalyticFields.gaussian(0.2f), Vocabulary.world(), tasks(), settings(), dir.resolve("b"), null, r -> {});
    assertThat(Files.readAllBytes(a.get(1).images().get(2))).isEqualTo(Files.readAllBytes(b.get(1).images().get(2)));
    assertThat(Files.readAllBytes(a.get(1).images().get(0))).isNotEqualTo(Files.readAllBytes(a.get(1).images().get(1)));
    assertThat(SampleRun.fileName("a/b c")).isEqualTo("a_b_c");
    assertThat(SampleRun.fileName("..")).isEqualTo("_..");
  }
}
