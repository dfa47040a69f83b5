package org.editrl.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.editrl.core.JsonLines;
import org.editrl.core.UserError;
import org.editrl.learner.advantage.AdvantageMode;
import org.editrl.learner.grpo.GrpoSettings;
import org.editrl.learner.grpo.Objective;
import org.editrl.learner.sync.SyncTrainer;
import org.editrl.learner.sync.TrainSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code editrl train}: GRPO training of the adapter from a pretrained base. {@code --sync} runs
 * rollout → score → update in one thread of control (the reference loop).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the editing adapter with Dense GRPO (or per-step GRPO) on the editing world.")
final class TrainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--sync", description = "Run the synchronous loop (one thread of control).")
  boolean sync;

  @Option(names = "--out", description = "Run directory (default: runs/train).")
  Path out;

  @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in RUN from its last checkpoint.")
  Path resume;

  @Option(names = "--preset", description = "default or smoke (a tiny run of about a minute).", defaultValue = "default")
  String preset;

  @Option(names = "--base", description = "Pretrained base checkpoint directory (default: runs/base, or runs/base-smoke with --preset smoke).")
  Path base;

  @Option(names = "--steps", description = "Optimiser steps (default: from the preset).")
  Long steps;

  @Option(names = "--objective", description = "dense or per-step (default dense).")
  String objective;

  @Option(names = "--advantage", description = "batch, group or batch-mean (default batch).")
  String advantage;

  @Option(names = "--group", description = "Edits per task G (default 8).")
  Integer group;

  @Option(names = "--tasks-per-step", description = "Tasks per optimiser step B (default 4).")
  Integer tasksPerStep;

  @Option(names = "--window", description = "SDE window length k (default 5).")
  Integer window;

  @Option(names = "--sampling-steps", description = "Sampler steps T (default 10).")
  Integer samplingSteps;

  @Option(names = "--lr", description = "Peak learning rate.")
  Float learningRate;

  @Option(names = "--clip", description = "Clip range ε of the ratio.")
  Float clip;

  @Option(names = "--kl", description = "Weight β of the KL to the frozen base (default 0).")
  Float kl;

  @Option(names = "--inner-epochs", description = "Passes over each batch (default 2).")
  Integer innerEpochs;

  @Option(names = "--no-token-focus", description = "Train LoRA only (the w/o Dynamic Token Focus ablation).")
  boolean noTokenFocus;

  @Option(names = "--seed", description = "Run seed (default 1).", defaultValue = "1")
  long seed;

  @Override
  public Integer call() {
    PrintStream err = CliStreams.printStream(spec.commandLine().getErr());
    java.io.PrintWriter stdout = spec.commandLine().getOut();
    if (!sync) {
      throw new UserError("the asynchronous actor runtime is not available in this build: "
          + "run `editrl train --sync`");
    }
    SyncTrainer trainer;
    if (resume != null) {
      if (out != null) {
        throw new UserError("--resume continues RUN in place: drop --out");
      }
      trainer = SyncTrainer.resume(resume, steps);
      err.println("editrl train: resuming " + resume + " at step " + trainer.training().learner().step());
    } else {
      TrainSettings settings = settings();
      Path dir = out != null ? out : Path.of("runs", "train");
      trainer = SyncTrainer.start(dir, settings);
      err.println("editrl train: run directory " + dir.toAbsolutePath());
    }
    try (SyncTrainer t = trainer) {
      Thread stopOnCtrlC = new Thread(t::requestStop, "editrl-stop");
      Runtime.getRuntime().addShutdownHook(stopOnCtrlC);
      try (ProgressBar bar = progressBar(err, t)) {
        t.run(line -> {
          stdout.println(JsonLines.toLine(line));
          stdout.flush();
          bar.stepTo((Long) line.get("step"));
          bar.setExtraMessage(String.format("reward %.3f", (Double) line.get("reward_mean")));
        });
      } finally {
        try {
          Runtime.getRuntime().removeShutdownHook(stopOnCtrlC);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running: the loop stops after its checkpoint
        }
      }
    }
    return 0;
  }

  private ProgressBar progressBar(PrintStream err, SyncTrainer t) {
    return new ProgressBarBuilder()
        .setTaskName("train")
        .setInitialMax(t.training().settings().steps())
        .startsFrom(t.training().learner().step(), Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(1000)
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .build();
  }

  TrainSettings settings() {
    boolean smoke = Presets.isSmoke(preset);
    GrpoSettings d = GrpoSettings.defaults();
    GrpoSettings grpo = new GrpoSettings(
        objective == null ? d.objective() : Objective.parse(objective),
        advantage == null ? d.advantageMode() : AdvantageMode.parse(advantage),
        group != null ? group : smoke ? 4 : d.groupSize(),
        tasksPerStep != null ? tasksPerStep : smoke ? 2 : d.tasksPerStep(),
        samplingSteps != null ? samplingSteps : smoke ? 6 : d.samplingSteps(),
        window != null ? window : smoke ? 2 : d.windowLength(),
        d.noiseLevel(),
        clip != null ? clip : d.clipRange(),
        kl != null ? kl : d.klBeta(),
        innerEpochs != null ? innerEpochs : d.innerEpochs(),
        learningRate != null ? learningRate : d.learningRate(),
        d.warmupFraction(),
        d.maxGradNorm(),
        d.weightDecay(),
        !noTokenFocus);
    Path basePath = base != null ? base : Presets.baseCheckpoint(preset);
    return new TrainSettings(seed, steps != null ? steps : smoke ? 3 : 100, 1L,
        smoke ? 32 : 32, grpo, basePath, smoke ? 2 : 10, 3, smoke ? 0 : 25, smoke ? 8 : 64)
        .validated();
  }
}
