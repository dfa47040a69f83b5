package org.editrl.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.editrl.core.JsonLines;
import org.editrl.core.UserError;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import org.editrl.world.manifest.WorldExport;
import org.editrl.world.scene.SceneRenderer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code editrl world}: writes world tasks as a dataset ({@code DIR/manifest.jsonl} plus
 * source, target and mask PNGs; format in docs/manifest.md). Prints one JSON summary line.
 */
@Command(
    name = "world",
    mixinStandardHelpOptions = true,
    description = "Write editing-world tasks to DIR/manifest.jsonl and DIR/{source,target,mask}/<id>.png.")
final class WorldCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--count", defaultValue = "16", description = "Number of tasks (default ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--split", defaultValue = "train", description = "train or heldout (default ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--out", required = true, description = "Output directory.")
  Path out;

  @Option(names = "--seed", defaultValue = "0", description = "World seed (default ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--start", defaultValue = "0", description = "Index of the first task (default ${DEFAULT-VALUE}).")
  long start;

  @Option(names = "--resolution", defaultValue = "32",
      description = "Image side in pixels, " + SceneRenderer.MIN_RESOLUTION + "-" + SceneRenderer.MAX_RESOLUTION
          + " (default ${DEFAULT-VALUE}).")
  int resolution;

  @Override
  public Integer call() {
    Split s = Split.parse(split);
    if (count < 1) {
      throw new UserError("--count must be at least 1, got " + count);
    }
    if (start < 0) {
      throw new UserError("--start must be >= 0, got " + start);
    }
    EditWorld world = new EditWorld(seed, resolution);
    var err = spec.commandLine().getErr();
    int every = Math.max(1, count / 10);
    Path manifest = WorldExport.write(world, s, start, count, out, n -> {
      if (n % every == 0 || n == count) {
        err.println("world: " + n + "/" + count + " tasks written");
      }
    });
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("manifest", manifest.toString());
    summary.put("split", s.word());
    summary.put("count", count);
    summary.put("start", start);
    summary.put("seed", seed);
    summary.put("resolution", resolution);
    spec.commandLine().getOut().println(JsonLines.toLine(summary));
    return 0;
  }
}
