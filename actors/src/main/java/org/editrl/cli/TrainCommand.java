package org.editrl.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.editrl.actors.config.ConfigOptions;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.actors.node.AsyncTraining;
import org.editrl.actors.node.RunJudges;
import org.editrl.actors.node.RuntimeSettings;
import org.editrl.learner.pipeline.JudgeScoring;
import org.editrl.reward.Judge;
import org.editrl.actors.node.TrainConfig;
import org.editrl.core.JsonLines;
import org.editrl.core.UserError;
import org.editrl.learner.sync.SyncTrainer;
import org.editrl.learner.sync.TrainSettings;
import org.editrl.learner.sync.TrainingRun;
import org.editrl.model.EngineThreads;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code editrl train}, the main job: GRPO training of the adapter from a pretrained base (made
 * first when missing). By default every role runs on the Pekko actor runtime in this JVM (other
 * nodes may join); {@code --sync} runs rollout → score → update in one thread of control.
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = "Train the editing adapter with Dense GRPO on the editing world (async actor "
        + "runtime; --sync for the synchronous reference loop).")
final class TrainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--sync", description = "Run the synchronous loop (one thread of control).")
  boolean sync;

  @Option(names = "--out", description = "Run directory (default: editrl.run.out-dir, runs/latest).")
  Path out;

  @Option(names = "--resume", paramLabel = "RUN", description = "Continue the run in RUN from its last checkpoint.")
  Path resume;

  @Option(names = "--preset", defaultValue = "default", description = "default or smoke (a tiny run of about a minute).")
  String preset;

  @Mixin ConfigOptions configOptions;

  @Option(names = "--base", description = "Pretrained base directory (editrl.train.base-checkpoint).")
  Path base;

  @Option(names = "--steps", description = "Optimiser steps (editrl.train.steps).")
  Long steps;

  @Option(names = "--objective", description = "dense or per-step (editrl.train.objective).")
  String objective;

  @Option(names = "--advantage", description = "group, group-centred, batch or batch-mean (editrl.train.advantage).")
  String advantage;

  @Option(names = "--group", description = "Edits per task G (editrl.train.group-size).")
  Integer group;

  @Option(names = "--window", description = "SDE window length k (editrl.train.window).")
  Integer window;

  @Option(names = "--seed", description = "Run seed (editrl.run.seed).")
  Long seed;

  @Override
  public Integer call() throws Exception {
    PrintStream err = WriterStreams.printStream(spec.commandLine().getErr());
    PrintWriter stdout = spec.commandLine().getOut();
    EditrlConfig cfg = EditrlConfig.load(configOptions.file(),
        TrainConfig.withPreset(preset, allSets()));
    EngineThreads.set(TrainConfig.threads(cfg));
    // Built before the run directory exists, so a judge that cannot be made leaves nothing behind.
    RuntimeSettings runtime = TrainConfig.runtime(cfg);
    Judge judge = RunJudges.create(runtime.judge(), TrainConfig.vlm(cfg));
    TrainingRun training = resume != null ? resume(err) : start(cfg, err);
    try {
      ProgressBar bar = progressBar(err, training);
      Consumer<Map<String, Object>> onUpdate = line -> {
        synchronized (stdout) {
          stdout.println(JsonLines.toLine(line));
          stdout.flush();
        }
        bar.stepTo(((Number) line.get("step")).longValue());
        bar.setExtraMessage(extra(line));
      };
      try (bar) {
        if (sync) {
          runSync(training, runtime, judge, onUpdate);
        } else {
          runAsync(training, cfg, runtime, judge, onUpdate, err);
        }
      }
      err.println("editrl train: done at step " + training.learner().step() + "; run directory "
          + training.runDirectory().root().toAbsolutePath());
    } finally {
      training.close();
    }
    return 0;
  }

  private TrainingRun resume(PrintStream err) {
    if (out != null) {
      throw new UserError("--resume continues RUN in place: drop --out");
    }
    TrainingRun training = TrainingRun.resume(resume, steps);
    err.println("editrl train: resuming " + resume + " at step " + training.learner().step());
    return training;
  }

  private TrainingRun start(EditrlConfig cfg, PrintStream err) {
    TrainSettings settings = TrainConfig.train(cfg);
    Path dir = out != null ? out : cfg.path("editrl.run.out-dir");
    BaseCheckpoints.ensure(settings.baseCheckpoint(), preset, err);
    TrainingRun training = TrainingRun.start(dir, settings);
    err.println("editrl train: run directory " + dir.toAbsolutePath());
    return training;
  }

  private void runSync(TrainingRun training, RuntimeSettings runtime, Judge judge,
      Consumer<Map<String, Object>> onUpdate) {
    try (JudgeScoring scoring = new JudgeScoring(judge, runtime.judgeConcurrency())) {
      SyncTrainer trainer = SyncTrainer.of(training, scoring);
      // Ctrl-C / SIGTERM: the loop finishes its step and checkpoints before the JVM goes.
      Thread stop = new Thread(() -> {
        try {
          if (!trainer.stopAndWait(Duration.ofMinutes(5))) {
            System.err.println("editrl train: the step did not finish within 5 min; exiting without"
                + " a final checkpoint");
          }
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "editrl-stop");
      Runtime.getRuntime().addShutdownHook(stop);
      try {
        trainer.run(onUpdate::accept);
      } finally {
        removeHook(stop);
      }
    }
  }

  private void runAsync(TrainingRun training, EditrlConfig cfg, RuntimeSettings runtime,
      Judge judge, Consumer<Map<String, Object>> onUpdate, PrintStream err)
      throws InterruptedException {
    // Ctrl-C: Pekko's shutdown hook lets the learner finish its update and checkpoint first.
    try (AsyncTraining async = AsyncTraining.start(training, cfg, runtime, judge, onUpdate,
        err)) {
      async.awaitFinished();
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: it stops the run after a final checkpoint
    }
  }

  /** The shortcut flags as config overrides, before the user's own --set (which win). */
  List<String> allSets() {
    List<String> all = new ArrayList<>();
    if (base != null) {
      all.add("editrl.train.base-checkpoint=\"" + base + "\"");
    }
    if (steps != null) {
      all.add("editrl.train.steps=" + steps);
    }
    if (objective != null) {
      all.add("editrl.train.objective=" + objective);
    }
    if (advantage != null) {
      all.add("editrl.train.advantage=" + advantage);
    }
    if (group != null) {
      all.add("editrl.train.group-size=" + group);
    }
    if (window != null) {
      all.add("editrl.train.window=" + window);
    }
    if (seed != null) {
      all.add("editrl.run.seed=" + seed);
    }
    all.addAll(configOptions.sets());
    return all;
  }

  private static String extra(Map<String, Object> line) {
    StringBuilder s = new StringBuilder(String.format(" reward %.3f",
        ((Number) line.get("reward_mean")).doubleValue()));
    if (line.get("staleness_mean") instanceof Number st) {
      s.append(String.format(" staleness %.1f", st.doubleValue()));
    }
    if (line.get("groups_per_second") instanceof Number g) {
      s.append(String.format(" %.2f groups/s", g.doubleValue()));
    }
    return s.toString();
  }

  private static ProgressBar progressBar(PrintStream err, TrainingRun training) {
    return new ProgressBarBuilder()
        .setTaskName("train")
        .setInitialMax(training.settings().steps())
        .startsFrom(training.learner().step(), Duration.ZERO)
        .setStyle(ProgressBarStyle.ASCII)
        .setUpdateIntervalMillis(1000)
        // Not a terminal (a log file, CI), the library assumes 80 columns and cuts the message.
        .setConsumer(new ConsoleProgressBarConsumer(err, 140))
        .build();
  }
}
