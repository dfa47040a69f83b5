package org.editrl.learner.grpo;

import org.editrl.core.UserError;
import org.editrl.learner.advantage.AdvantageMode;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.editrl.rollout.GroupSampler;
import org.editrl.rollout.InitialNoise;
import org.editrl.rollout.WindowPlacement;

/**
 * Everything that shapes a GRPO update. Defaults follow CogniEdit (4 tasks per step, k = 5) except
 * where this model's scale needs otherwise; see {@link #defaults()}.
 *
 * @param objective dense or per-step
 * @param advantageMode how rewards become advantages
 * @param groupSize G, edits sampled per task (≥ 2: a group of one has no relative signal)
 * @param tasksPerStep B, tasks per optimiser step
 * @param samplingSteps T, steps of the sampler's time grid
 * @param windowLength k, SDE steps per window (1 ≤ k ≤ T); per-step GRPO uses the whole grid
 * @param noiseLevel the SDE noise level a
 * @param clipRange ε of the clipped ratio. Log-probs are means over pixels, so ratios move by
 *     about 1e-4 per update at this scale (DESIGN.md); Flow-GRPO uses 1e-4 for the same reason
 * @param klBeta weight of the KL to the frozen base (0 = off)
 * @param innerEpochs passes over each batch
 * @param learningRate peak learning rate of the warmup + cosine schedule
 * @param warmupFraction fraction of all steps spent warming up linearly
 * @param maxGradNorm global gradient-norm clip over all trainable parameters
 * @param weightDecay AdamW's decoupled weight decay
 * @param trainTokenFocus whether soft tokens and the focus predictor train (false: LoRA only,
 *     the "w/o Dynamic Token Focus" ablation)
 * @param initialNoise whether a group's edits start from their own or one shared initial noise
 * @param windowPlacement where a group's SDE window lies on the grid
 * @param noiseBlock side of the pixel blocks that share one SDE noise value (1: every pixel its
 *     own, as Flow-GRPO; {@link SdeSettings#noiseBlock()})
 */
public record GrpoSettings(
    Objective objective,
    AdvantageMode advantageMode,
    int groupSize,
    int tasksPerStep,
    int samplingSteps,
    int windowLength,
    float noiseLevel,
    float clipRange,
    float klBeta,
    int innerEpochs,
    float learningRate,
    double warmupFraction,
    float maxGradNorm,
    float weightDecay,
    boolean trainTokenFocus,
    InitialNoise initialNoise,
    WindowPlacement windowPlacement,
    int noiseBlock) {

  public GrpoSettings {
    // null: a run.json written before the setting existed
    if (initialNoise == null) {
      initialNoise = InitialNoise.PER_SAMPLE; // those runs sampled per sample
    }
    if (windowPlacement == null) {
      windowPlacement = WindowPlacement.UNIFORM; // the only placement there was
    }
    if (noiseBlock == 0) {
      noiseBlock = 1; // absent from older run.json files: every pixel had its own noise
    }
  }

  /**
   * CogniEdit's B = 4, k = 5 and G = 8; the rest measured on this model (bench/README.md): group
   * advantages and one shared initial noise per group (CogniEdit normalises over the batch and
   * starts every edit from its own noise; here both made held-out reward fall), learning rate
   * 1e-3 (3e-3 and above made it fall) and a clip range at the scale ratios move by.
   */
  public static GrpoSettings defaults() {
    return new GrpoSettings(Objective.DENSE, AdvantageMode.GROUP, 8, 4, 10, 5, 0.7f, 1e-3f, 0f,
        2, 1e-3f, 0.1, 1.0f, 0f, true, InitialNoise.SHARED, WindowPlacement.UNIFORM, 1);
  }

  /** Checks every value before any work starts; a bad one is a {@link UserError}. */
  public GrpoSettings validated() {
    if (groupSize < 2) {
      throw new UserError("group size G must be at least 2 (got " + groupSize
          + "): GRPO compares edits within a group");
    }
    if (tasksPerStep < 1) {
      throw new UserError("tasks per step must be at least 1 (got " + tasksPerStep + ")");
    }
    if (samplingSteps < 1) {
      throw new UserError("sampling steps T must be at least 1 (got " + samplingSteps + ")");
    }
    if (windowLength < 1 || windowLength > samplingSteps) {
      throw new UserError("window length k=" + windowLength + " must be between 1 and the "
          + "number of sampling steps T=" + samplingSteps);
    }
    if (!(noiseLevel > 0)) {
      throw new UserError("SDE noise level must be > 0 (got " + noiseLevel + ")");
    }
    if (noiseBlock < 1) {
      throw new UserError("SDE noise block must be at least 1 (got " + noiseBlock + ")");
    }
    if (!(clipRange > 0)) {
      throw new UserError("clip range must be > 0 (got " + clipRange + ")");
    }
    if (klBeta < 0) {
      throw new UserError("KL weight beta must be ≥ 0 (got " + klBeta + ")");
    }
    if (innerEpochs < 1) {
      throw new UserError("inner epochs must be at least 1 (got " + innerEpochs + ")");
    }
    if (!(learningRate > 0)) {
      throw new UserError("learning rate must be > 0 (got " + learningRate + ")");
    }
    if (warmupFraction < 0 || warmupFraction >= 1) {
      throw new UserError("warmup fraction must be in [0, 1) (got " + warmupFraction + ")");
    }
    if (!(maxGradNorm > 0)) {
      throw new UserError("max gradient norm must be > 0 (got " + maxGradNorm + ")");
    }
    return this;
  }

  /** The sampler's time grid: T uniform steps from noise to data. */
  public TimeGrid grid() {
    return TimeGrid.uniform(samplingSteps);
  }

  /**
   * The SDE of the window steps: this noise level and noise block, the default drift correction
   * and t clamp.
   */
  public SdeSettings sde() {
    return SdeSettings.defaults().withNoiseLevel(noiseLevel).withNoiseBlock(noiseBlock);
  }

  /** The window the sampler should use: per-step GRPO samples the SDE at every step. */
  public int effectiveWindowLength() {
    return objective == Objective.PER_STEP ? samplingSteps : windowLength;
  }

  /** Single-sample network evaluations of sampling one group whose window starts at r. */
  public long rolloutForwardSamples(int windowStart) {
    return GroupSampler.forwardSamples(initialNoise, groupSize, samplingSteps, windowStart);
  }

  public GrpoSettings withObjective(Objective o) {
    return new GrpoSettings(o, advantageMode, groupSize, tasksPerStep, samplingSteps,
        windowLength, noiseLevel, clipRange, klBeta, innerEpochs, learningRate, warmupFraction,
        maxGradNorm, weightDecay, trainTokenFocus, initialNoise, windowPlacement, noiseBlock);
  }

  public GrpoSettings withInitialNoise(InitialNoise noise) {
    return new GrpoSettings(objective, advantageMode, groupSize, tasksPerStep, samplingSteps,
        windowLength, noiseLevel, clipRange, klBeta, innerEpochs, learningRate, warmupFraction,
        maxGradNorm, weightDecay, trainTokenFocus, noise, windowPlacement, noiseBlock);
  }

  public GrpoSettings withNoiseBlock(int block) {
    return new GrpoSettings(objective, advantageMode, groupSize, tasksPerStep, samplingSteps,
        windowLength, noiseLevel, clipRange, klBeta, innerEpochs, learningRate, warmupFraction,
        maxGradNorm, weightDecay, trainTokenFocus, initialNoise, windowPlacement, block);
  }

  public GrpoSettings withTrainTokenFocus(boolean train) {
    return new GrpoSettings(objective, advantageMode, groupSize, tasksPerStep, samplingSteps,
        windowLength, noiseLevel, clipRange, klBeta, innerEpochs, learningRate, warmupFraction,
        maxGradNorm, weightDecay, train, initialNoise, windowPlacement, noiseBlock);
  }
}
