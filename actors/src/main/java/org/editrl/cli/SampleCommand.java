package org.editrl.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.editrl.core.JsonLines;
import org.editrl.core.UserError;
import org.editrl.model.EditPolicy;
import org.editrl.model.EngineThreads;
import org.editrl.model.ModelConfig;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.editrl.rollout.SampleRun;
import org.editrl.world.EditTask;
import org.editrl.world.Vocabulary;
import org.editrl.world.manifest.Manifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code editrl sample}: a group of edits per task with the windowed SDE (ODE outside the window),
 * written as PNGs; optionally the first group's SDE window as a trace (docs/trace.md).
 */
@Command(
    name = "sample",
    mixinStandardHelpOptions = true,
    description = "Sample G edits per task with SDE steps inside the window r:k (ODE elsewhere); "
        + "write OUT/<task>/sample-<i>.png and, with --trace, the first group's SDE window.")
final class SampleCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--checkpoint", required = true, description = "Model checkpoint directory (base.safetensors, adapter.safetensors, model.json).")
  Path checkpoint;

  @Option(names = "--tasks", required = true, description = "Task directory holding manifest.jsonl (from 'editrl world' or users' data), or the manifest file.")
  Path tasks;

  @Option(names = "--out", required = true, description = "Output directory for the PNGs.")
  Path out;

  @Option(names = "--group", description = "Edits per task, G (default 4).")
  int group = 4;

  @Option(names = "--window", description = "SDE window r:k: SDE for steps r..r+k-1, ODE elsewhere (default 2:3).")
  String window = "2:3";

  @Option(names = "--steps", description = "Sampling steps T on a uniform grid (default 10).")
  int steps = 10;

  @Option(names = "--noise-level", description = "SDE noise level a (default 0.7).")
  float noiseLevel = SdeSettings.DEFAULT_NOISE_LEVEL;

  @Option(names = "--noise-block", description = "Side of the pixel blocks that share one SDE noise value (default 1: per pixel; must divide the image side).")
  int noiseBlock = 1;

  @Option(names = "--no-drift-correction", description = "Use the plain Euler mean x + v·dt in the SDE steps.")
  boolean noDriftCorrection;

  @Option(names = "--reasoning", description = "Condition on the reasoning phrasing instead of the simple one.")
  boolean reasoning;

  @Option(names = "--count", description = "Sample at most this many tasks (default all).")
  Integer count;

  @Option(names = "--strict", description = "Fail on the first bad manifest row instead of skipping it with a warning.")
  boolean strict;

  @Option(names = "--seed", description = "Run seed (default 0).")
  long seed;

  @Option(names = "--trace", description = "Write the first task's SDE window here (safetensors; docs/trace.md).")
  Path trace;

  @Mixin ThreadsOption threadsOption;

  @Option(names = "--preset", defaultValue = "default", description = "default or smoke (smoke: at most 2 tasks).")
  String preset;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    boolean smoke = switch (preset.toLowerCase(java.util.Locale.ROOT)) {
      case "smoke" -> true;
      case "default" -> false;
      default -> throw new UserError("unknown preset '" + preset + "': use default or smoke");
    };
    int[] rk = parseWindow(window, steps);
    int threads = threadsOption.checked();
    if (group < 1) {
      throw new UserError("--group must be >= 1, got " + group);
    }
    if (noiseBlock < 1) {
      throw new UserError("--noise-block must be >= 1, got " + noiseBlock);
    }
    Path manifest = java.nio.file.Files.isDirectory(tasks) ? tasks.resolve("manifest.jsonl") : tasks;
    List<EditTask> all = Manifest.load(manifest, strict, w -> stderr.println("editrl sample: warning: " + w));
    if (all.isEmpty()) {
      throw new UserError("no tasks in " + manifest + ": write some with 'editrl world --out DIR'");
    }
    int limit = Math.min(all.size(), count == null ? Integer.MAX_VALUE : count);
    if (smoke) {
      limit = Math.min(limit, 2);
    }
    List<EditTask> chosen = all.subList(0, limit);
    SdeSettings sde = new SdeSettings(
        noiseLevel, !noDriftCorrection, SdeSettings.DEFAULT_T_CLAMP, noiseBlock);
    EngineThreads.set(threads);
    try (EditPolicy policy = ModelCheckpoint.load(checkpoint)) {
      ModelConfig config = policy.config();
      if (config.imageSize() % noiseBlock != 0) {
        throw new UserError("--noise-block " + noiseBlock + " does not divide the checkpoint's "
            + "image side " + config.imageSize() + ": pick a divisor of it");
      }
      for (EditTask t : chosen) {
        if (t.width() != config.imageSize() || t.height() != config.imageSize()) {
          throw new UserError("task " + t.id() + " is " + t.width() + "x" + t.height()
              + " but the checkpoint expects " + config.imageSize() + "x" + config.imageSize()
              + " images: regenerate the tasks with that resolution");
        }
      }
      stderr.printf("editrl sample: %d tasks x %d edits, window %d:%d of %d steps%n",
          chosen.size(), group, rk[0], rk[1], steps);
      SampleRun.Settings settings = new SampleRun.Settings(
          TimeGrid.uniform(steps), sde, group, rk[0], rk[1], config.maxTokens(), reasoning, seed);
      SampleRun.run(policy, Vocabulary.world(), chosen, settings, out, trace, r -> {
        ObjectNode line = JsonLines.MAPPER.createObjectNode();
        line.put("task_id", r.taskId());
        ArrayNode images = line.putArray("images");
        r.images().forEach(p -> images.add(p.toString()));
        ArrayNode lp = line.putArray("window_log_prob");
        for (float v : r.windowLogProbs()) {
          lp.add(v);
        }
        line.put("seconds", r.seconds());
        stdout.println(JsonLines.toLine(line));
        stdout.flush();
      });
      if (trace != null && !chosen.isEmpty()) {
        stderr.println("editrl sample: trace of " + chosen.get(0).id() + " written to " + trace);
      }
    }
    return 0;
  }

  /** Parses "r:k" and checks it fits the grid. */
  static int[] parseWindow(String text, int steps) {
    String[] parts = text.split(":");
    int r;
    int k;
    try {
      if (parts.length != 2) {
        throw new NumberFormatException();
      }
      r = Integer.parseInt(parts[0].trim());
      k = Integer.parseInt(parts[1].trim());
    } catch (NumberFormatException e) {
      throw new UserError("--window must be r:k (start and length, e.g. 2:3), got '" + text + "'");
    }
    if (steps < 1) {
      throw new UserError("--steps must be >= 1, got " + steps);
    }
    if (r < 0 || k < 1 || r + k > steps) {
      throw new UserError("--window " + text + " does not fit " + steps + " steps: need 0 <= r, 1 <= k, r + k <= " + steps);
    }
    return new int[] {r, k};
  }
}
