package org.editrl.learner.pretrain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.editrl.core.JsonLines;
import org.editrl.model.EditPolicy;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.reward.VerifiableJudge;
import org.editrl.world.EditWorld;
import org.editrl.world.Vocabulary;

/**
 * A whole pretraining run: train, write the checkpoint to {@code out}, evaluate on held-out
 * tasks. JSON lines (loss, then per-category held-out rewards) go to {@code stdout} and to
 * {@code out/metrics.jsonl}; the progress bar to {@code stderr}.
 */
public final class PretrainRun {
  public static final String METRICS_FILE = "metrics.jsonl";

  /** What the run measured. */
  public record Result(long trainMillis, double finalLoss, List<HeldoutEvaluation.Row> heldout) {}

  private PretrainRun() {}

  public static Result run(PretrainSettings settings, Path out, PrintStream stdout, PrintStream stderr) {
    Vocabulary vocabulary = Vocabulary.world();
    EditWorld world = new EditWorld(settings.worldSeed(), settings.model().imageSize());
    PairBatches batches = new PairBatches(world, vocabulary, settings.batchSize(),
        settings.model().maxTokens(), settings.captionFraction(), settings.seed());
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + out, e);
    }
    try (EditPolicy policy = EditPolicy.create(settings.model(), settings.seed());
        Writer metrics = Files.newBufferedWriter(out.resolve(METRICS_FILE), StandardCharsets.UTF_8)) {
      long[] counts = policy.parameterCounts();
      emit(stdout, metrics, start(settings, out, counts));
      double[] lastLoss = {Double.NaN};
      long t0 = System.nanoTime();
      try (ProgressBar bar = new ProgressBarBuilder()
          .setTaskName("pretrain")
          .setInitialMax(settings.steps())
          .setConsumer(new ConsoleProgressBarConsumer(stderr))
          .setUpdateIntervalMillis(500)
          .build()) {
        new Pretrainer(settings, batches).train(policy, bar::stepTo, log -> {
          lastLoss[0] = log.loss();
          bar.setExtraMessage(String.format("loss %.4f", log.loss())
              + (log.skippedSteps() > 0 ? " skipped " + log.skippedSteps() : ""));
          emit(stdout, metrics, log.toJson());
        }, message -> stderr.println("pretrain: skipped " + message));
      }
      long trainMillis = (System.nanoTime() - t0) / 1_000_000;
      ModelCheckpoint.save(out, policy, settings.steps(), settings.worldSeed());
      stderr.println("pretrain: " + settings.steps() + " steps in " + trainMillis / 1000.0
          + " s; checkpoint written to " + out);
      List<HeldoutEvaluation.Row> rows = List.of();
      if (settings.evalTasks() > 0) {
        stderr.println("pretrain: scoring " + settings.evalTasks() + " held-out tasks ("
            + settings.samplerSteps() + "-step ODE sampler, verifiable judge)");
        rows = HeldoutEvaluation.evaluate(policy, world, vocabulary, new VerifiableJudge(),
            settings.evalTasks(), settings.samplerSteps(), settings.seed());
        for (HeldoutEvaluation.Row r : rows) {
          emit(stdout, metrics, r.toJson());
          stderr.printf("  %-11s %4d tasks  reward %.3f  identity %.3f%n", r.category(), r.tasks(),
              r.reward(), r.identityReward());
        }
      }
      return new Result(trainMillis, lastLoss[0], rows);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve(METRICS_FILE), e);
    }
  }

  private static ObjectNode start(PretrainSettings s, Path out, long[] counts) {
    ObjectNode o = JsonLines.MAPPER.createObjectNode();
    o.put("event", "start");
    o.put("preset", s.preset());
    o.put("out", out.toString());
    o.put("steps", s.steps());
    o.put("batchSize", s.batchSize());
    o.put("seed", s.seed());
    o.put("worldSeed", s.worldSeed());
    o.put("baseParameters", counts[0]);
    o.put("adapterParameters", counts[1]);
    try {
      o.set("model", JsonLines.MAPPER.readTree(s.model().toJson()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return o;
  }

  private static void emit(PrintStream stdout, Writer metrics, ObjectNode o) {
    String line = JsonLines.toLine(o);
    stdout.println(line);
    try {
      metrics.write(line);
      metrics.write('\n');
      metrics.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
