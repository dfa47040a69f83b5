package org.editrl.learner.sync;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.editrl.core.AtomicFiles;
import org.editrl.core.JsonLines;
import org.editrl.core.UserError;
import org.editrl.learner.checkpoint.CheckpointStore;

/**
 * The files of one run: {@code run.json} (settings), {@code metrics.jsonl} (one line per step),
 * {@code eval.jsonl} (held-out evaluations), {@code checkpoints/}, and the reward plots.
 */
public final class RunDirectory {
  private final Path root;

  public RunDirectory(Path root) {
    this.root = root;
  }

  public Path root() {
    return root;
  }

  public Path settingsFile() {
    return root.resolve("run.json");
  }

  public Path metricsFile() {
    return root.resolve("metrics.jsonl");
  }

  public Path evalFile() {
    return root.resolve("eval.jsonl");
  }

  public Path rewardByStepPlot() {
    return root.resolve("reward_vs_step.png");
  }

  public Path rewardByFlopsPlot() {
    return root.resolve("reward_vs_flops.png");
  }

  public CheckpointStore checkpoints(int keep) {
    return new CheckpointStore(root.resolve("checkpoints"), keep);
  }

  /** Creates a fresh run; refuses a directory that already holds one. */
  public void create(TrainSettings settings) {
    if (Files.exists(settingsFile())) {
      throw new UserError("run directory " + root + " already holds a run: pass --resume "
          + root + " to continue it, or choose another --out");
    }
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UserError("cannot create run directory " + root + ": " + e.getMessage());
    }
    AtomicFiles.write(settingsFile(), out -> out.write(
        JsonLines.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(settings)));
  }

  public TrainSettings readSettings() {
    if (!Files.isRegularFile(settingsFile())) {
      throw new UserError("no run in " + root + " (missing run.json): pass the directory a "
          + "previous `editrl train --out` wrote");
    }
    try {
      return JsonLines.MAPPER.readValue(settingsFile().toFile(), TrainSettings.class);
    } catch (IOException e) {
      throw new UserError("cannot read " + settingsFile() + ": " + e.getMessage());
    }
  }

  /**
   * Drops metric lines for steps after {@code step}: they belong to work a crash lost and the
   * resumed run will redo it.
   */
  public void truncateMetricsAfter(long step) {
    for (Path file : List.of(metricsFile(), evalFile())) {
      if (!Files.exists(file)) {
        continue;
      }
      try {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          if (line.isBlank()) {
            continue;
          }
          try {
            if (JsonLines.MAPPER.readTree(line).path("step").asLong() <= step) {
              kept.add(line);
            }
          } catch (IOException torn) {
            // a torn last line from the crash: drop it
          }
        }
        AtomicFiles.write(file, out -> {
          for (String line : kept) {
            out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
