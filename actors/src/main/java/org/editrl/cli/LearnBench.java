package org.editrl.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.actors.node.TrainConfig;
import org.editrl.core.AtomicFiles;
import org.editrl.core.JsonLines;
import org.editrl.core.UserError;
import org.editrl.model.EngineThreads;
import org.editrl.learner.eval.EvalReport;
import org.editrl.learner.grpo.GrpoSettings;
import org.editrl.learner.grpo.Objective;
import org.editrl.learner.report.Curves;
import org.editrl.learner.report.LinePlot;
import org.editrl.learner.report.MeanInterval;
import org.editrl.learner.sync.SyncTrainer;
import org.editrl.learner.sync.TrainSettings;
import org.editrl.world.Category;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code editrl bench learn}: does RL improve held-out edits, and how do Dense GRPO, per-step GRPO
 * and the LoRA-only adapter compare at equal compute? Every variant trains from the same base
 * with the same seeds; held-out reward is measured on the same tasks and initial noises.
 */
@Command(
    name = "learn",
    mixinStandardHelpOptions = true,
    description = "Held-out reward before/after Dense GRPO over several seeds; Dense vs per-step "
        + "GRPO at equal FLOPs; the CogniEdit ablation table.")
final class LearnBench implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", description = "Directory for the runs and plots (default: runs/bench-learn).")
  Path out = Path.of("runs", "bench-learn");

  @Option(names = "--preset", defaultValue = "default", description = "default or smoke.")
  String preset;

  @Option(names = "--base", description = "Pretrained base (default: from the preset).")
  Path base;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override a config key for every run (repeatable).")
  List<String> sets = new ArrayList<>();

  @Option(names = "--seeds", description = "Seeds per variant (default 3).")
  int seeds = 3;

  @Option(names = "--first-seed", description = "Run seed of the first run (default 1): the runs use seeds first-seed … first-seed + seeds − 1, so a bench can be split across machines or sessions.")
  int firstSeed = 1;

  @Option(names = "--steps", description = "GRPO steps per run (default: train's default).")
  Long steps;

  @Option(names = "--per-step-steps", description = "GRPO steps of the per-step variant (default: "
      + "--steps). A per-step GRPO step trains every step of the chain and costs several Dense steps, "
      + "so fewer of them reach the same FLOPs; it is evaluated as many times as the other variants.")
  Long perStepSteps;

  @Option(names = "--ablation-seeds", description = "Seeds for the per-step and no-focus variants (default: --seeds).")
  Integer ablationSeeds;

  @Option(names = "--eval-every", description = "Steps between held-out evaluations (default 10).")
  Integer evalEvery;

  @Option(names = "--variants", split = ",", description = "Which of full, per-step, no-focus to run (default all).")
  List<String> variants = List.of("full", "per-step", "no-focus");

  /** One trained variant. */
  private record Variant(String name, String label, Objective objective, boolean tokenFocus) {}

  private static final List<Variant> ALL = List.of(
      new Variant("full", "Dense GRPO + DTF (full)", Objective.DENSE, true),
      new Variant("per-step", "w/o Dense (per-step GRPO)", Objective.PER_STEP, true),
      new Variant("no-focus", "w/o Dynamic Token Focus", Objective.DENSE, false));

  /** Steps at the start of a run whose groups describe the base's own spread of rewards. */
  private static final int SPREAD_STEPS = 5;

  /**
   * The held-out curve of one run: (FLOPs, reward) points, the first at step 0; and the mean
   * within-group reward spread of its first {@link #SPREAD_STEPS} steps (policy ≈ base).
   */
  private record Curve(double[] flops, double[] reward, EvalReport first, EvalReport last,
      double seconds, double groupStd, double bestMinusMean) {}

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintStream err = WriterStreams.printStream(spec.commandLine().getErr());
    if (seeds < 1 || (ablationSeeds != null && ablationSeeds < 1)) {
      throw new UserError("--seeds and --ablation-seeds must be at least 1");
    }
    if (perStepSteps != null && perStepSteps < 1) {
      throw new UserError("--per-step-steps must be at least 1, got " + perStepSteps);
    }
    if (firstSeed < 0) {
      throw new UserError("--first-seed must be >= 0, got " + firstSeed);
    }
    List<String> overrides = new ArrayList<>();
    if (base != null) {
      overrides.add("editrl.train.base-checkpoint=\"" + base + "\"");
    }
    if (steps != null) {
      overrides.add("editrl.train.steps=" + steps);
    }
    overrides.addAll(sets);
    EditrlConfig cfg = EditrlConfig.load(null, TrainConfig.withPreset(preset, overrides));
    EngineThreads.set(TrainConfig.threads(cfg));
    TrainSettings template = TrainConfig.train(cfg);
    BaseCheckpoints.ensure(template.baseCheckpoint(), preset, err);
    int every = evalEvery != null ? evalEvery : "smoke".equalsIgnoreCase(preset) ? 1 : 10;
    Files.createDirectories(out);
    Map<String, List<Curve>> curves = new LinkedHashMap<>();
    for (Variant v : ALL) {
      if (!variants.contains(v.name())) {
        continue;
      }
      int variantSeeds = v.name().equals("full") || ablationSeeds == null ? seeds : ablationSeeds;
      long variantSteps = v.objective() == Objective.PER_STEP && perStepSteps != null
          ? perStepSteps : template.steps();
      // Same number of evaluations for every variant, so their FLOPs curves are equally detailed.
      int variantEvery = (int) Math.max(1, Math.round((double) every * variantSteps / template.steps()));
      for (int s = firstSeed; s < firstSeed + variantSeeds; s++) {
        GrpoSettings g = template.grpo().withObjective(v.objective()).withTrainTokenFocus(v.tokenFocus());
        TrainSettings ts = new TrainSettings(s, variantSteps, template.worldSeed(),
            template.resolution(), g, template.baseCheckpoint(), (int) variantSteps + 1, 1,
            variantEvery, template.evalTasks(), template.loraTargets(), template.loraRank());
        Path dir = out.resolve(v.name() + "-seed" + s);
        AtomicFiles.deleteTree(dir);
        err.printf("bench learn: %s, seed %d → %s%n", v.label(), s, dir);
        curves.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(runOne(dir, ts, err));
      }
    }
    report(stdout, curves);
    return 0;
  }

  private Curve runOne(Path dir, TrainSettings ts, PrintStream err) throws IOException {
    long started = System.nanoTime();
    EvalReport first;
    double[] spread = new double[3];
    try (SyncTrainer trainer = SyncTrainer.start(dir, ts)) {
      first = trainer.training().evaluator().evaluate(trainer.training().policy());
      trainer.run(line -> {
        err.printf("  step %s/%d reward %.3f clip %.3f |logρ|max %.2e%n",
            line.get("step"), ts.steps(), (Double) line.get("reward_mean"),
            (Double) line.get("clip_fraction"), (Double) line.get("log_ratio_max_abs"));
        if (((Number) line.get("step")).longValue() <= SPREAD_STEPS) {
          spread[0] += (Double) line.get("reward_group_std");
          spread[1] += (Double) line.get("reward_best_minus_mean");
          spread[2]++;
        }
      });
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    List<double[]> points = new ArrayList<>();
    points.add(new double[] {0, first.mean()});
    EvalReport last = first;
    for (String line : Files.readAllLines(dir.resolve("eval.jsonl"))) {
      JsonNode n = JsonLines.MAPPER.readTree(line);
      points.add(new double[] {n.path("flops").asDouble(), n.path("heldout_reward_mean").asDouble()});
      last = fromLine(n, first.identityMean());
    }
    double[] xs = points.stream().mapToDouble(p -> p[0]).toArray();
    double[] ys = points.stream().mapToDouble(p -> p[1]).toArray();
    err.printf("  held-out reward %.3f → %.3f in %.0f s%n", first.mean(), last.mean(), seconds);
    double n = Math.max(1, spread[2]);
    return new Curve(xs, ys, first, last, seconds, spread[0] / n, spread[1] / n);
  }

  private static EvalReport fromLine(JsonNode n, double identity) {
    Map<Category, Double> per = new EnumMap<>(Category.class);
    for (Category c : Category.values()) {
      JsonNode v = n.get("heldout_" + c.name().toLowerCase());
      if (v != null) {
        per.put(c, v.asDouble());
      }
    }
    return new EvalReport(n.path("heldout_reward_mean").asDouble(), per, Map.of(), identity,
        Map.of());
  }

  private void report(PrintWriter table, Map<String, List<Curve>> curves) {
    List<Curve> full = curves.getOrDefault("full", curves.values().iterator().next());
    table.println();
    table.println("Held-out verifiable reward (mean ± 95% CI over " + seeds + " seeds)");
    table.printf("%-28s %-16s %-16s %-16s %-16s%n", "", "overall", "factual", "conceptual",
        "procedural");
    table.printf("%-28s %-16s%n", "identity edit", String.format("%.3f", full.get(0).first().identityMean()));
    printRow(table, "base (no RL)", full, true);
    for (Variant v : ALL) {
      if (curves.containsKey(v.name())) {
        printRow(table, v.label(), curves.get(v.name()), false);
      }
    }
    MeanInterval before = MeanInterval.of(full.stream().mapToDouble(c -> c.first().mean()).toArray());
    MeanInterval after = MeanInterval.of(full.stream().mapToDouble(c -> c.last().mean()).toArray());
    MeanInterval gain = MeanInterval.of(full.stream()
        .mapToDouble(c -> c.last().mean() - c.first().mean()).toArray());
    MeanInterval seconds = MeanInterval.of(full.stream().mapToDouble(Curve::seconds).toArray());
    table.printf("%nbase %s → after RL %s: gain %s (target ≥ +0.10), %s s per run%n", before,
        after, gain, seconds);
    // GRPO ranks a policy's edits against each other: if they hardly differ, a round of updates
    // can gain at most what its best edit per group is better than the group's mean.
    table.printf("spread of rewards inside the base's groups (first %d steps): std %s, best − mean"
        + " %s (the most one round of GRPO could gain)%n", SPREAD_STEPS,
        MeanInterval.of(full.stream().mapToDouble(Curve::groupStd).toArray()),
        MeanInterval.of(full.stream().mapToDouble(Curve::bestMinusMean).toArray()));

    // Equal-FLOPs comparison: every variant read on its held-out curve at a quarter, half,
    // three quarters and all of the smallest final FLOPs among them.
    double common = Double.MAX_VALUE;
    for (List<Curve> cs : curves.values()) {
      for (Curve c : cs) {
        common = Math.min(common, c.flops()[c.flops().length - 1]);
      }
    }
    double[] budgets = {common / 4, common / 2, common * 3 / 4, common};
    table.printf("%nAt equal compute (held-out reward on each run's curve at these FLOPs):%n");
    StringBuilder header = new StringBuilder(String.format("  %-28s", ""));
    for (double b : budgets) {
      header.append(String.format(" %-16s", String.format("%.3g", b)));
    }
    table.println(header.toString().stripTrailing());
    LinePlot plot = new LinePlot("Held-out reward against compute", "FLOPs", "held-out reward");
    for (Variant v : ALL) {
      List<Curve> cs = curves.get(v.name());
      if (cs == null) {
        continue;
      }
      StringBuilder row = new StringBuilder(String.format("  %-28s", v.label()));
      for (double at : budgets) {
        row.append(String.format(" %-16s", MeanInterval.of(cs.stream()
            .mapToDouble(c -> Curves.interpolate(c.flops(), c.reward(), at)).toArray())));
      }
      table.println(row.toString().stripTrailing());
      double maxFlops = cs.stream().mapToDouble(c -> c.flops()[c.flops().length - 1]).min().orElse(0);
      for (int i = 0; i <= 20; i++) {
        double x = maxFlops * i / 20;
        double y = cs.stream().mapToDouble(c -> Curves.interpolate(c.flops(), c.reward(), x))
            .average().orElse(0);
        plot.add(v.label(), x, y);
      }
    }
    plot.write(this.out.resolve("reward_vs_flops.png"));
    table.println("plot: " + this.out.resolve("reward_vs_flops.png"));
    table.flush();
  }


  private void printRow(PrintWriter table, String label, List<Curve> cs, boolean base) {
    StringBuilder row = new StringBuilder(String.format("%-28s ", label));
    row.append(String.format("%-16s ", MeanInterval.of(cs.stream()
        .mapToDouble(c -> (base ? c.first() : c.last()).mean()).toArray())));
    for (Category cat : Category.values()) {
      double[] vals = cs.stream().map(c -> (base ? c.first() : c.last()).perCategory().get(cat))
          .filter(java.util.Objects::nonNull).mapToDouble(Double::doubleValue).toArray();
      row.append(String.format("%-16s ", vals.length == 0 ? "-" : MeanInterval.of(vals)));
    }
    table.println(row.toString().stripTrailing());
  }
}
