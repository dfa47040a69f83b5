package org.editrl.learner.pretrain;

import org.editrl.core.UserError;
import org.editrl.model.ModelConfig;

/**
 * Everything a pretraining run depends on.
 *
 * @param preset "default" or "smoke" (recorded in the output)
 * @param model the architecture
 * @param steps optimiser steps
 * @param batchSize pairs per step
 * @param peakLr AdamW peak learning rate (warm-up then cosine)
 * @param warmupFraction fraction of steps spent warming up
 * @param minLr learning rate at the end of the cosine
 * @param weightDecay AdamW decoupled weight decay
 * @param maxGradNorm global gradient-norm clip
 * @param editWeight extra loss weight inside the edit mask (loss weight 1 + editWeight·mask)
 * @param captionFraction share of batches trained in caption-only mode (no source image)
 * @param seed root seed: initial weights, noise, times, batch kinds
 * @param worldSeed the world's seed (the "data seed" of the checkpoint)
 * @param evalTasks held-out tasks scored at the end (0 = skip)
 * @param samplerSteps Euler steps of the evaluation's ODE sampler
 * @param logEvery steps between JSON loss lines
 */
public record PretrainSettings(
    String preset,
    ModelConfig model,
    int steps,
    int batchSize,
    float peakLr,
    double warmupFraction,
    float minLr,
    float weightDecay,
    float maxGradNorm,
    float editWeight,
    double captionFraction,
    long seed,
    long worldSeed,
    int evalTasks,
    int samplerSteps,
    int logEvery) {

  public static final String DEFAULT = "default";
  public static final String SMOKE = "smoke";
  /** Smoke runs (300 steps, 96 held-out tasks): reward 0.137 at weight 0, 0.187 at 4, 0.186 at 10. */
  static final float EDIT_WEIGHT = 4f;

  public PretrainSettings {
    if (steps <= 0 || batchSize <= 0 || evalTasks < 0 || samplerSteps <= 0 || logEvery <= 0) {
      throw new UserError("steps, batch size, sampler steps and log interval must be positive"
          + " (got steps " + steps + ", batch " + batchSize + ")");
    }
    if (captionFraction < 0 || captionFraction >= 1) {
      throw new UserError("caption fraction must be in [0, 1), got " + captionFraction);
    }
  }

  /** The default run: the DESIGN.md prototype size, sized to finish in ≤ 15 min on 2 cores. */
  public static PretrainSettings defaults(int vocabSize) {
    return new PretrainSettings(DEFAULT, ModelConfig.defaults(vocabSize), 1600, 32, 1e-3f, 0.05,
        2e-5f, 0.01f, 1.0f, EDIT_WEIGHT, 0.2, 1L, 1L, 192, 10, 25);
  }

  /** A tiny run for tests (≤ 60 s). */
  public static PretrainSettings smoke(int vocabSize) {
    return new PretrainSettings(SMOKE, ModelConfig.smoke(vocabSize), 200, 16, 2e-3f, 0.1, 1e-4f,
        0.01f, 1.0f, EDIT_WEIGHT, 0.2, 1L, 1L, 24, 5, 20);
  }

  /** The preset by name; UserError on an unknown one. */
  public static PretrainSettings preset(String name, int vocabSize) {
    return switch (name) {
      case DEFAULT -> defaults(vocabSize);
      case SMOKE -> smoke(vocabSize);
      default -> throw new UserError("unknown preset '" + name + "' (use default or smoke)");
    };
  }

  public PretrainSettings withSteps(int newSteps) {
    return new PretrainSettings(preset, model, newSteps, batchSize, peakLr, warmupFraction, minLr,
        weightDecay, maxGradNorm, editWeight, captionFraction, seed, worldSeed, evalTasks, samplerSteps,
        logEvery);
  }

  public PretrainSettings withSeed(long newSeed) {
    return new PretrainSettings(preset, model, steps, batchSize, peakLr, warmupFraction, minLr,
        weightDecay, maxGradNorm, editWeight, captionFraction, newSeed, worldSeed, evalTasks, samplerSteps,
        logEvery);
  }

  public PretrainSettings withEvalTasks(int count) {
    return new PretrainSettings(preset, model, steps, batchSize, peakLr, warmupFraction, minLr,
        weightDecay, maxGradNorm, editWeight, captionFraction, seed, worldSeed, count, samplerSteps,
        logEvery);
  }
}
