package org.editrl.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.editrl.core.JsonLines;
import org.editrl.core.Png;
import org.editrl.core.RgbImage;
import org.editrl.core.UserError;
import org.editrl.reward.Judge;
import org.editrl.reward.JudgeResult;
import org.editrl.reward.Judges;
import org.editrl.world.EditTask;
import org.editrl.world.manifest.Manifest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code editrl score}: scores candidate edits of a manifest's tasks with a judge and prints one
 * JSON line per row: {@code {"id", "judge", "reward", "sub_scores": {…}}}. Candidates are a
 * manifest column ({@code source}, {@code target}) or a directory of {@code <id>.png} files.
 */
@Command(
    name = "score",
    mixinStandardHelpOptions = true,
    description = "Score candidate edits of a manifest's tasks; one JSON line per row.")
final class ScoreCommand implements Callable<Integer> {
  /** The manifest columns --candidates accepts. */
  static final List<String> COLUMNS = List.of("source", "target");

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--manifest", required = true, description = "JSONL manifest (docs/manifest.md).")
  Path manifest;

  @Option(names = "--candidates", required = true,
      description = "A manifest column (source, target) or a directory of <id>.png images.")
  String candidates;

  @Option(names = "--judge", defaultValue = "verifiable",
      description = "Judge name, or weighted mix like verifiable=0.7,clip=0.3 (default ${DEFAULT-VALUE}).")
  String judgeName;

  @Option(names = "--strict", description = "Stop at the first bad manifest row instead of skipping it.")
  boolean strict;

  @Override
  public Integer call() {
    Judge judge = Judges.create(judgeName);
    Path dir = null;
    if (!COLUMNS.contains(candidates)) {
      dir = Path.of(candidates);
      if (!Files.isDirectory(dir)) {
        throw new UserError("--candidates '" + candidates + "' is neither a column (source, target)"
            + " nor a directory of <id>.png images");
      }
    }
    var err = spec.commandLine().getErr();
    var out = spec.commandLine().getOut();
    List<EditTask> tasks = Manifest.load(manifest, strict, w -> err.println("editrl: warning: " + w));
    double sum = 0;
    for (EditTask t : tasks) {
      JudgeResult r = judge.score(t, candidate(t, dir));
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("id", t.id());
      line.put("judge", judge.name());
      line.put("reward", r.score());
      line.put("sub_scores", r.subScores());
      out.println(JsonLines.toLine(line));
      sum += r.score();
    }
    out.flush();
    err.printf("score: %d rows, mean reward %.4f%n", tasks.size(), sum / tasks.size());
    return 0;
  }

  private RgbImage candidate(EditTask t, Path dir) {
    if (dir != null) {
      Path file = dir.resolve(t.id() + ".png");
      if (!Files.isRegularFile(file)) {
        throw new UserError("no candidate image for task " + t.id() + ": " + file + " is missing");
      }
      return Png.read(file);
    }
    if (candidates.equals("source")) {
      return t.source();
    }
    if (!t.hasTarget()) {
      throw new UserError("task " + t.id() + " has no target column to use as the candidate");
    }
    return t.target();
  }
}
