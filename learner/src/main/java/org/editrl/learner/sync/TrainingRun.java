package org.editrl.learner.sync;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.editrl.core.AtomicFiles;
import org.editrl.core.JsonLines;
import org.editrl.core.Seeds;
import org.editrl.core.UserError;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.core.tensor.Safetensors;
import org.editrl.learner.checkpoint.Checkpoint;
import org.editrl.learner.checkpoint.CheckpointStore;
import org.editrl.learner.eval.EvalReport;
import org.editrl.learner.eval.HeldoutEvaluator;
import org.editrl.learner.grpo.GrpoLearner;
import org.editrl.learner.grpo.TrainingGroup;
import org.editrl.learner.grpo.UpdateStats;
import org.editrl.learner.report.LinePlot;
import org.editrl.model.EditPolicy;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.editrl.reward.Judges;
import org.editrl.world.EditWorld;

/**
 * The learner side of a training run, shared by the synchronous loop and the learner actor: the
 * policy and its GRPO learner, and everything recorded per update — the metrics line, held-out
 * evaluations, reward plots and checkpoints (adapter, AdamW moments, step, FLOPs).
 */
public final class TrainingRun implements AutoCloseable {
  private final RunDirectory run;
  private final TrainSettings settings;
  private final EditPolicy policy;
  private final EditWorld world;
  private final GrpoLearner learner;
  private final HeldoutEvaluator evaluator;
  private final CheckpointStore checkpoints;
  private final TimeGrid grid;
  private final SdeSettings sde;
  private final LinePlot byStep = new LinePlot("Reward during training", "step", "mean reward");
  private final LinePlot byFlops = new LinePlot("Reward against compute", "FLOPs", "mean reward");
  private JsonLines metrics;
  private JsonLines evals;
  private double wallSeconds;
  private long lastCheckpointStep = -1;

  private TrainingRun(RunDirectory run, TrainSettings settings, EditPolicy policy) {
    this.run = run;
    this.settings = settings;
    this.policy = policy;
    this.world = new EditWorld(settings.worldSeed(), settings.resolution());
    this.grid = settings.grpo().grid();
    this.sde = settings.grpo().sde();
    this.learner = new GrpoLearner(policy, settings.grpo(), settings.steps());
    this.evaluator = new HeldoutEvaluator(world, settings.evalTasks(), Judges.create("verifiable"),
        grid, policy.config().maxTokens(), Seeds.derive(settings.seed(), "eval"));
    this.checkpoints = run.checkpoints(settings.keepCheckpoints());
  }

  /**
   * Starts a new run in {@code dir}. The base is loaded first, so a base that does not fit the
   * settings stops the run before its directory is made.
   */
  public static TrainingRun start(Path dir, TrainSettings settings) {
    RunDirectory run = new RunDirectory(dir);
    EditPolicy policy = loadBase(settings.validated());
    try {
      run.create(settings);
    } catch (RuntimeException e) {
      policy.close();
      throw e;
    }
    return new TrainingRun(run, settings, policy).open();
  }

  /** The run's policy at the start: the base checkpoint with the run's adapter shape. */
  private static EditPolicy loadBase(TrainSettings settings) {
    EditPolicy policy = settings.loadBasePolicy();
    if (policy.config().imageSize() != settings.resolution()) {
      policy.close();
      throw new UserError("base checkpoint " + settings.baseCheckpoint() + " is for "
          + policy.config().imageSize() + "px images but the run asks for "
          + settings.resolution() + "px: pretrain a base at this resolution");
    }
    return policy;
  }

  /**
   * Continues the run in {@code dir} from its latest checkpoint (from the start when it has
   * none), optionally with a new total step count.
   */
  public static TrainingRun resume(Path dir, Long newTotalSteps) {
    RunDirectory run = new RunDirectory(dir);
    TrainSettings settings = run.readSettings();
    if (newTotalSteps != null) {
      settings = settings.withSteps(newTotalSteps);
    }
    TrainingRun training = new TrainingRun(run, settings.validated(), loadBase(settings));
    training.checkpoints.latest().ifPresent(training::restore);
    run.truncateMetricsAfter(training.learner.step());
    return training.open();
  }

  private TrainingRun open() {
    this.metrics = JsonLines.appendingTo(run.metricsFile());
    this.evals = JsonLines.appendingTo(run.evalFile());
    return this;
  }

  public TrainSettings settings() {
    return settings;
  }

  public RunDirectory runDirectory() {
    return run;
  }

  public GrpoLearner learner() {
    return learner;
  }

  public EditPolicy policy() {
    return policy;
  }

  public EditWorld world() {
    return world;
  }

  public TimeGrid grid() {
    return grid;
  }

  public SdeSettings sde() {
    return sde;
  }

  public HeldoutEvaluator evaluator() {
    return evaluator;
  }

  public boolean finished() {
    return learner.step() >= settings.steps();
  }

  /**
   * One optimiser step on {@code groups}, recorded: a metrics line, the plots' points, a held-out
   * evaluation and a checkpoint when due.
   *
   * @param extra fields the caller adds to the metrics line (e.g. staleness, groups/s)
   * @return the metrics line written
   */
  public Map<String, Object> update(List<TrainingGroup> groups, Map<String, Object> extra) {
    long started = System.nanoTime();
    UpdateStats stats = learner.update(groups);
    double updateSeconds = (System.nanoTime() - started) / 1e9;
    wallSeconds += updateSeconds;
    Map<String, Object> line = metricsLine(stats);
    line.put("update_seconds", updateSeconds);
    line.putAll(extra);
    metrics.write(line);
    byStep.add("train", stats.step(), stats.rewardMean());
    byFlops.add("train", learner.flops().totalFlops(), stats.rewardMean());
    boolean last = finished();
    if (settings.evalTasks() > 0
        && (last || settings.evalEvery() > 0 && stats.step() % settings.evalEvery() == 0)) {
      evals.write(evalLine(evaluator.evaluate(policy)));
    }
    if (last || stats.step() % settings.checkpointEvery() == 0) {
      saveCheckpoint();
    }
    return line;
  }

  /** Adds time spent outside updates (rollouts, scoring) to the run's wall clock. */
  public void addWallSeconds(double seconds) {
    wallSeconds += seconds;
  }

  private Map<String, Object> metricsLine(UpdateStats s) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("step", s.step());
    line.put("reward_mean", s.rewardMean());
    line.put("reward_verifiable", s.rewardMean());
    line.put("reward_group_std", s.spread().std());
    line.put("reward_best_minus_mean", s.spread().bestMinusMean());
    line.put("advantage_mean", s.advantageMean());
    line.put("advantage_std", s.advantageStd());
    line.put("loss", s.loss());
    line.put("clip_fraction", s.clipFraction());
    line.put("approx_kl", s.approxKl());
    line.put("kl_to_base", s.klToBase());
    line.put("log_ratio_mean", s.logRatioMean());
    line.put("log_ratio_max_abs", s.logRatioMaxAbs());
    line.put("first_epoch_log_ratio_max_abs", s.firstEpochMaxAbsLogRatio());
    line.put("grad_norm", s.gradNorm());
    line.put("nonfinite_grad_steps", learner.nonFiniteSteps());
    line.put("lr", s.learningRate());
    line.put("flops", learner.flops().totalFlops());
    line.put("wall_seconds", wallSeconds);
    return line;
  }

  private Map<String, Object> evalLine(EvalReport report) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("step", learner.step());
    line.put("heldout_reward_mean", report.mean());
    report.perCategory().forEach((c, v) -> line.put("heldout_" + c.name().toLowerCase(), v));
    line.put("identity_reward_mean", report.identityMean());
    line.put("flops", learner.flops().totalFlops());
    return line;
  }

  /** Writes a checkpoint of the current step (no-op when one was just written). */
  public void saveCheckpoint() {
    if (lastCheckpointStep == learner.step()) {
      return;
    }
    List<NamedTensor> adapter = learner.adapterTensors();
    List<NamedTensor> moments = learner.optimizerState();
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("step", learner.step());
    state.put("flops", learner.flops().totalFlops());
    state.put("wall_seconds", wallSeconds);
    Map<String, AtomicFiles.Writer> files = new LinkedHashMap<>();
    files.put("adapter.safetensors", out -> out.write(Safetensors.encode(adapter, Map.of())));
    files.put("optimizer.safetensors", out -> out.write(Safetensors.encode(moments, Map.of())));
    files.put("state.json", out -> out.write(JsonLines.MAPPER.writeValueAsBytes(state)));
    checkpoints.save(learner.step(), files);
    lastCheckpointStep = learner.step();
  }

  private void restore(Checkpoint checkpoint) {
    Checkpoint verified = CheckpointStore.load(checkpoint.directory());
    List<NamedTensor> adapter = Safetensors.read(verified.file("adapter.safetensors")).tensors();
    List<NamedTensor> moments = Safetensors.read(verified.file("optimizer.safetensors")).tensors();
    try {
      var state = JsonLines.MAPPER.readTree(verified.file("state.json").toFile());
      learner.restore(adapter, moments, state.path("step").asLong());
      learner.flops().restore(state.path("flops").asDouble());
      wallSeconds = state.path("wall_seconds").asDouble();
      lastCheckpointStep = learner.step();
    } catch (IOException e) {
      throw new UserError("cannot read " + verified.file("state.json") + ": " + e.getMessage()
          + " (corrupt checkpoint: remove it to resume from the previous one)");
    }
  }

  /** Writes the plots and a final checkpoint. */
  public void finish() {
    saveCheckpoint();
    if (!byStep.isEmpty()) {
      byStep.write(run.rewardByStepPlot());
      byFlops.write(run.rewardByFlopsPlot());
    }
  }

  @Override
  public void close() {
    if (metrics != null) {
      metrics.close();
      evals.close();
    }
    policy.close();
  }
}
