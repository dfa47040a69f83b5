package org.editrl.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.actors.node.TrainConfig;
import java.util.concurrent.Callable;
import org.editrl.learner.pretrain.PretrainRun;
import org.editrl.model.EngineThreads;
import org.editrl.learner.pretrain.PretrainSettings;
import org.editrl.world.Vocabulary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code editrl pretrain}: flow-matching pretraining of the base policy on world train pairs;
 * writes a checkpoint (docs/model.md) to {@code --out}, loss and held-out reward as JSON lines.
 */
@Command(
    name = "pretrain",
    mixinStandardHelpOptions = true,
    description = "Pretrain the base editing policy on the world's train split and score it on held-out tasks.")
final class PretrainCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", description = "Checkpoint directory (default: runs/base, or runs/base-smoke with --preset smoke, where `editrl train` looks for it).")
  Path out;

  @Option(names = "--preset", defaultValue = "default", description = "default or smoke (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--steps", description = "Optimiser steps (default: the preset's).")
  Integer steps;

  @Option(names = "--seed", description = "Root seed for weights and noise (default: 1).")
  Long seed;

  @Option(names = "--eval-tasks", description = "Held-out tasks to score at the end (default: the preset's; 0 skips).")
  Integer evalTasks;

  @Mixin ThreadsOption threadsOption;

  @Override
  public Integer call() {
    EngineThreads.set(threadsOption.checked());
    PretrainSettings s = PretrainSettings.preset(preset, Vocabulary.world().size());
    if (steps != null) {
      s = s.withSteps(steps);
    }
    if (seed != null) {
      s = s.withSeed(seed);
    }
    if (evalTasks != null) {
      s = s.withEvalTasks(evalTasks);
    }
    PrintStream stdout = WriterStreams.printStream(spec.commandLine().getOut());
    PrintStream stderr = WriterStreams.printStream(spec.commandLine().getErr());
    // Where `editrl train` with the same preset looks for its base (editrl.train.base-checkpoint).
    Path dir = out != null ? out : TrainConfig.baseCheckpoint(
        EditrlConfig.load(null, TrainConfig.withPreset(preset, List.of())));
    PretrainRun.run(s, dir, stdout, stderr);
    stdout.flush();
    stderr.flush();
    return 0;
  }
}
