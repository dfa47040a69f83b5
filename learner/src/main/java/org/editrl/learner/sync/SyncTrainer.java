package org.editrl.learner.sync;

import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
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
import org.editrl.learner.grpo.GrpoSettings;
import org.editrl.learner.grpo.TrainingGroup;
import org.editrl.learner.grpo.UpdateStats;
import org.editrl.learner.pipeline.GroupScores;
import org.editrl.learner.pipeline.JudgeScoring;
import org.editrl.learner.pipeline.PolicyRollout;
import org.editrl.learner.report.LinePlot;
import org.editrl.model.EditPolicy;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.editrl.reward.Judges;
import org.editrl.rollout.TaskTensors;
import org.editrl.rollout.WindowedTrajectory;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;

/**
 * Rollout → score → update, one step at a time, in the calling thread. Every random choice is
 * derived from the run seed and the task cursor (task index = step × B + b), so a run is
 * deterministic and a resume needs only the adapter, the AdamW moments and the step.
 */
public final class SyncTrainer implements AutoCloseable {
  private final RunDirectory run;
  private final TrainSettings settings;
  private final EditPolicy policy;
  private final EditWorld world;
  private final GrpoLearner learner;
  private final PolicyRollout rollout;
  private final JudgeScoring scoring;
  private final HeldoutEvaluator evaluator;
  private final CheckpointStore checkpoints;
  private final TimeGrid grid;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private double wallSeconds;

  private SyncTrainer(RunDirectory run, TrainSettings settings) {
    this.run = run;
    this.settings = settings.validated();
    GrpoSettings g = settings.grpo();
    this.policy = ModelCheckpoint.load(settings.baseCheckpoint());
    if (policy.config().imageSize() != settings.resolution()) {
      policy.close();
      throw new UserError("base checkpoint " + settings.baseCheckpoint() + " is for "
          + policy.config().imageSize() + "px images but the run asks for "
          + settings.resolution() + "px: pretrain a base at this resolution");
    }
    this.world = new EditWorld(settings.worldSeed(), settings.resolution());
    this.grid = TimeGrid.uniform(g.samplingSteps());
    SdeSettings sde = new SdeSettings(g.noiseLevel(), SdeSettings.defaults().driftCorrection(),
        SdeSettings.defaults().tClamp());
    this.learner = new GrpoLearner(policy, g, settings.steps());
    this.rollout = new PolicyRollout(policy, grid, sde, g.groupSize(), g.effectiveWindowLength(),
        policy.config().maxTokens(), learner::policyVersion);
    this.scoring = new JudgeScoring(Judges.create("verifiable"));
    this.evaluator = new HeldoutEvaluator(world, settings.evalTasks(), Judges.create("verifiable"),
        grid, policy.config().maxTokens(), Seeds.derive(settings.seed(), "eval"));
    this.checkpoints = run.checkpoints(settings.keepCheckpoints());
  }

  /** Starts a new run in {@code dir}. */
  public static SyncTrainer start(Path dir, TrainSettings settings) {
    RunDirectory run = new RunDirectory(dir);
    settings.validated();
    run.create(settings);
    return new SyncTrainer(run, settings);
  }

  /**
   * Continues the run in {@code dir} from its latest checkpoint (or from the start when it has
   * none), optionally with more total steps.
   */
  public static SyncTrainer resume(Path dir, Long newTotalSteps) {
    RunDirectory run = new RunDirectory(dir);
    TrainSettings settings = run.readSettings();
    if (newTotalSteps != null) {
      settings = settings.withSteps(newTotalSteps);
    }
    SyncTrainer trainer = new SyncTrainer(run, settings);
    trainer.checkpoints.latest().ifPresent(trainer::restore);
    run.truncateMetricsAfter(trainer.learner.step());
    return trainer;
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

  public HeldoutEvaluator evaluator() {
    return evaluator;
  }

  /** Asks the loop to stop after the current step, with a final checkpoint (Ctrl-C). */
  public void requestStop() {
    stopRequested.set(true);
  }

  /**
   * Runs until the configured number of steps (or a stop request), writing metrics, plots and
   * checkpoints.
   *
   * @param progress receives one call per finished step
   */
  public void run(StepListener progress) {
    LinePlot byStep = new LinePlot("Reward during training", "step", "mean reward");
    LinePlot byFlops = new LinePlot("Reward against compute", "FLOPs", "mean reward");
    try (JsonLines metrics = JsonLines.appendingTo(run.metricsFile());
        JsonLines evals = JsonLines.appendingTo(run.evalFile())) {
      while (learner.step() < settings.steps() && !stopRequested.get()) {
        long started = System.nanoTime();
        UpdateStats stats = step();
        wallSeconds += (System.nanoTime() - started) / 1e9;
        Map<String, Object> line = metricsLine(stats);
        metrics.write(line);
        byStep.add("train", stats.step(), stats.rewardMean());
        byFlops.add("train", learner.flops().totalFlops(), stats.rewardMean());
        boolean last = learner.step() >= settings.steps() || stopRequested.get();
        if (settings.evalEvery() > 0 && learner.step() % settings.evalEvery() == 0 || last) {
          if (settings.evalTasks() > 0) {
            evals.write(evalLine(evaluator.evaluate(policy)));
          }
        }
        if (learner.step() % settings.checkpointEvery() == 0 || last) {
          saveCheckpoint();
        }
        progress.onStep(stats, line);
      }
    }
    if (!byStep.isEmpty()) {
      byStep.write(run.rewardByStepPlot());
      byFlops.write(run.rewardByFlopsPlot());
    }
  }

  /** One rollout → score → update step over the next B tasks of the cursor. */
  UpdateStats step() {
    GrpoSettings g = settings.grpo();
    try (NDManager m = NDManager.newBaseManager()) {
      List<TrainingGroup> groups = new ArrayList<>(g.tasksPerStep());
      for (int b = 0; b < g.tasksPerStep(); b++) {
        long taskIndex = learner.step() * g.tasksPerStep() + b;
        EditTask task = world.task(Split.TRAIN, taskIndex);
        WindowedTrajectory trajectory = rollout.sampleGroup(m, task, windowStart(taskIndex),
            Seeds.derive(settings.seed(), "noise", taskIndex));
        learner.flops().addForwardSamples((long) g.groupSize() * g.samplingSteps());
        GroupScores scores = scoring.score(task, TaskTensors.toImages(trajectory.finals()));
        groups.add(new TrainingGroup(task, trajectory, scores.rewards(), rollout.policyVersion()));
      }
      return learner.update(groups);
    }
  }

  /** r drawn per group; per-step GRPO samples the SDE everywhere, so its window starts at 0. */
  private int windowStart(long taskIndex) {
    GrpoSettings g = settings.grpo();
    int span = g.samplingSteps() - g.effectiveWindowLength();
    if (span == 0) {
      return 0;
    }
    return new SplittableRandom(Seeds.derive(settings.seed(), "window", taskIndex))
        .nextInt(span + 1);
  }

  private Map<String, Object> metricsLine(UpdateStats s) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("step", s.step());
    line.put("reward_mean", s.rewardMean());
    line.put("reward_verifiable", s.rewardMean());
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

  private void saveCheckpoint() {
    List<NamedTensor> adapter = learner.adapterTensors();
    List<NamedTensor> moments = learner.optimizerState();
    Map<String, Object> state = new LinkedHashMap<>();
    state.put("step", learner.step());
    state.put("flops", learner.flops().totalFlops());
    state.put("wall_seconds", wallSeconds);
    Map<String, org.editrl.core.AtomicFiles.Writer> files = new LinkedHashMap<>();
    files.put("adapter.safetensors", out -> out.write(Safetensors.encode(adapter, Map.of())));
    files.put("optimizer.safetensors", out -> out.write(Safetensors.encode(moments, Map.of())));
    files.put("state.json", out -> out.write(JsonLines.MAPPER.writeValueAsBytes(state)));
    checkpoints.save(learner.step(), files);
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
    } catch (java.io.IOException e) {
      throw new UserError("cannot read " + verified.file("state.json") + ": " + e.getMessage()
          + " (corrupt checkpoint: remove it to resume from the previous one)");
    }
  }

  @Override
  public void close() {
    policy.close();
  }

  /** Called after every step. */
  @FunctionalInterface
  public interface StepListener {
    void onStep(UpdateStats stats, Map<String, Object> metricsLine);
  }
}
