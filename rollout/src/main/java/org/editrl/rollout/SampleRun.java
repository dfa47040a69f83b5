package org.editrl.rollout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.editrl.core.Png;
import org.editrl.core.RgbImage;
import org.editrl.core.Seeds;
import org.editrl.model.Conditioning;
import org.editrl.model.VelocityField;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.editrl.world.EditTask;
import org.editrl.world.Vocabulary;

/**
 * Samples a group of edits per task with the windowed SDE and writes them as PNGs
 * ({@code OUT/<task id>/sample-<i>.png}); optionally writes the first task's group as an
 * {@link SdeTrace}. What {@code editrl sample} runs, minus loading the checkpoint and the tasks.
 */
public final class SampleRun {
  /**
   * @param groupSize edits per task (G)
   * @param windowStart r
   * @param windowLength k
   * @param maxTokens instruction length the policy expects
   * @param reasoning condition on the reasoning phrasing
   */
  public record Settings(
      TimeGrid grid, SdeSettings sde, int groupSize, int windowStart, int windowLength,
      int maxTokens, boolean reasoning, long seed) {}

  /** What was written for one task. */
  public record TaskResult(String taskId, List<Path> images, float[] windowLogProbs, double seconds) {}

  private SampleRun() {}

  /**
   * @param trace where to write the first task's trace, or null
   * @param onTask called after each task (progress, JSON lines)
   */
  public static List<TaskResult> run(
      VelocityField policy, Vocabulary vocabulary, List<EditTask> tasks, Settings s, Path outDir,
      Path trace, Consumer<TaskResult> onTask) {
    GroupSampler sampler = new GroupSampler(policy, s.grid(), s.sde());
    List<TaskResult> results = new ArrayList<>();
    try (NDManager m = NDManager.newBaseManager()) {
      for (int n = 0; n < tasks.size(); n++) {
        EditTask task = tasks.get(n);
        long started = System.nanoTime();
        long seed = taskSeed(s.seed(), task.id());
        try (NDManager taskManager = m.newSubManager()) {
          Conditioning c =
              TaskTensors.conditioning(taskManager, List.of(task), vocabulary, s.maxTokens(), s.reasoning());
          GroupSampler.TracedGroup g =
              sampler.sampleGroupTraced(taskManager, c, s.groupSize(), s.windowStart(), s.windowLength(), seed);
          WindowedTrajectory w = g.trajectory();
          Path dir = outDir.resolve(fileName(task.id()));
          Files.createDirectories(dir);
          List<Path> images = new ArrayList<>();
          List<RgbImage> finals = TaskTensors.toImages(w.finals());
          for (int i = 0; i < finals.size(); i++) {
            Path png = dir.resolve("sample-" + i + ".png");
            Png.write(finals.get(i).clamped(), png);
            images.add(png);
          }
          if (trace != null && n == 0) {
            NDArray source = c.source().get(0);
            String instruction = s.reasoning() ? task.reasoningInstruction() : task.instruction();
            SdeTrace.write(trace, g, source, task.id(), instruction, seed);
          }
          float[] perSample = w.logProbs().sum(new int[] {1}).toFloatArray();
          TaskResult r = new TaskResult(task.id(), images, perSample, (System.nanoTime() - started) / 1e9);
          results.add(r);
          onTask.accept(r);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return results;
  }

  /** The seed of a task's group: fixed by the run seed and the task id. */
  public static long taskSeed(long runSeed, String taskId) {
    return Seeds.derive(runSeed, "task:" + taskId);
  }

  /** A task id as a safe directory name. */
  static String fileName(String taskId) {
    String safe = taskId.replaceAll("[^A-Za-z0-9._-]", "_");
    return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
  }
}
