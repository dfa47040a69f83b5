package org.editrl.learner.sync;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.editrl.learner.grpo.GrpoSettings;
import org.editrl.learner.grpo.TrainingGroup;
import org.editrl.learner.pipeline.GroupPlan;
import org.editrl.learner.pipeline.GroupScores;
import org.editrl.learner.pipeline.JudgeScoring;
import org.editrl.learner.pipeline.PolicyRollout;
import org.editrl.reward.Judges;
import org.editrl.rollout.TaskTensors;
import org.editrl.rollout.WindowedTrajectory;
import org.editrl.world.EditTask;
import org.editrl.world.Split;

/**
 * Rollout → score → update, one step at a time, in the calling thread. Every random choice is
 * derived from the run seed and the task cursor (task ordinal = step × B + b), so a run is
 * deterministic and a resume needs only the adapter, the AdamW moments and the step.
 */
public final class SyncTrainer implements AutoCloseable {
  private final TrainingRun training;
  private final PolicyRollout rollout;
  private final JudgeScoring scoring;
  private final AtomicBoolean stopRequested = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);

  private SyncTrainer(TrainingRun training) {
    this(training, new JudgeScoring(Judges.create("verifiable")));
  }

  private SyncTrainer(TrainingRun training, JudgeScoring scoring) {
    this.training = training;
    this.rollout = PolicyRollout.of(training.policy(), training.settings().grpo(),
        training.policy().config().maxTokens(), training.learner()::policyVersion);
    this.scoring = scoring;
  }

  /** The synchronous loop over an opened run, scoring with {@code scoring}'s judge. */
  public static SyncTrainer of(TrainingRun training, JudgeScoring scoring) {
    return new SyncTrainer(training, scoring);
  }

  /** The synchronous loop over an opened run (the caller keeps closing it). */
  public static SyncTrainer of(TrainingRun training) {
    return new SyncTrainer(training);
  }

  /** Starts a new run in {@code dir}. */
  public static SyncTrainer start(Path dir, TrainSettings settings) {
    return new SyncTrainer(TrainingRun.start(dir, settings));
  }

  /** Continues the run in {@code dir} from its latest checkpoint. */
  public static SyncTrainer resume(Path dir, Long newTotalSteps) {
    return new SyncTrainer(TrainingRun.resume(dir, newTotalSteps));
  }

  public TrainingRun training() {
    return training;
  }

  /** Asks the loop to stop after the current step, with a final checkpoint. */
  public void requestStop() {
    stopRequested.set(true);
  }

  /**
   * Asks the loop to stop and waits until its final checkpoint is written (a JVM shutdown hook
   * must wait: the JVM halts as soon as its hooks return).
   *
   * @return false if the loop had not stopped within the timeout
   */
  public boolean stopAndWait(Duration timeout) throws InterruptedException {
    requestStop();
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs until the configured number of steps (or a stop request).
   *
   * @param progress receives each step's metrics line
   */
  public void run(StepListener progress) {
    try {
      while (!training.finished() && !stopRequested.get()) {
        long started = System.nanoTime();
        List<TrainingGroup> groups;
        try (NDManager m = NDManager.newBaseManager()) {
          groups = rolloutAndScore(m);
          training.addWallSeconds((System.nanoTime() - started) / 1e9);
          Map<String, Object> line = training.update(groups, Map.of());
          progress.onStep(line);
        }
      }
      training.finish();
    } finally {
      stopped.countDown();
    }
  }

  /** The next B tasks of the cursor, each sampled as a group and scored. */
  private List<TrainingGroup> rolloutAndScore(NDManager m) {
    GrpoSettings g = training.settings().grpo();
    long seed = training.settings().seed();
    List<TrainingGroup> groups = new ArrayList<>(g.tasksPerStep());
    for (int b = 0; b < g.tasksPerStep(); b++) {
      long ordinal = training.learner().step() * g.tasksPerStep() + b;
      EditTask task = training.world().task(Split.TRAIN, ordinal);
      int windowStart = GroupPlan.windowStart(seed, ordinal, g);
      WindowedTrajectory trajectory = rollout.sampleGroup(m, task, windowStart,
          GroupPlan.noiseSeed(seed, ordinal));
      training.learner().flops().addForwardSamples(g.rolloutForwardSamples(windowStart));
      GroupScores scores = scoring.score(task, TaskTensors.toImages(trajectory.finals()));
      groups.add(new TrainingGroup(task, trajectory, scores.rewards(), rollout.policyVersion()));
    }
    return groups;
  }

  @Override
  public void close() {
    training.close();
  }

  /** Called after every step with its metrics line. */
  @FunctionalInterface
  public interface StepListener {
    void onStep(Map<String, Object> metricsLine);
  }
}
