package org.editrl.learner.sync;

import java.nio.file.Path;
import org.editrl.core.UserError;
import org.editrl.learner.grpo.GrpoSettings;
import org.editrl.model.EditPolicy;
import org.editrl.model.LoraTargets;
import org.editrl.model.checkpoint.ModelCheckpoint;

/**
 * A training run's settings, stored as {@code run.json} in the run directory so a resume
 * continues with exactly the same ones.
 *
 * @param seed root of every random stream of the run (tasks, windows, noises)
 * @param steps optimiser steps in the run
 * @param worldSeed seed of the editing world the tasks come from
 * @param resolution image side in pixels (must match the base checkpoint)
 * @param grpo the GRPO settings
 * @param baseCheckpoint directory of the pretrained base
 * @param checkpointEvery steps between checkpoints (the last step always gets one)
 * @param keepCheckpoints how many checkpoints to keep
 * @param evalEvery steps between held-out evaluations (0 = only at the end)
 * @param evalTasks held-out tasks per evaluation
 * @param loraTargets which linear maps of the policy the LoRA adapter trains ({@code null}: a
 *     run.json written before the setting existed, which means attention only)
 * @param loraRank rank of the LoRA adapter; 0 (and a run.json written before the setting
 *     existed) keeps the base checkpoint's rank, a higher one widens it at load
 */
public record TrainSettings(
    long seed,
    long steps,
    long worldSeed,
    int resolution,
    GrpoSettings grpo,
    Path baseCheckpoint,
    int checkpointEvery,
    int keepCheckpoints,
    int evalEvery,
    int evalTasks,
    LoraTargets loraTargets,
    int loraRank) {

  public TrainSettings {
    if (loraTargets == null) {
      loraTargets = LoraTargets.ATTENTION;
    }
  }

  public TrainSettings validated() {
    grpo.validated();
    if (steps < 1) {
      throw new UserError("steps must be at least 1 (got " + steps + ")");
    }
    if (checkpointEvery < 1) {
      throw new UserError("checkpoint interval must be at least 1 step (got " + checkpointEvery
          + ")");
    }
    if (evalEvery < 0 || evalTasks < 0) {
      throw new UserError("evaluation interval and task count must be ≥ 0");
    }
    if (loraRank < 0) {
      throw new UserError("lora-rank must be ≥ 0 (0 = the base checkpoint's rank), got " + loraRank);
    }
    if (resolution % grpo.noiseBlock() != 0) {
      throw new UserError("SDE noise block " + grpo.noiseBlock() + " does not divide the image side "
          + resolution + ": pick a divisor of it (1 = noise per pixel)");
    }
    return this;
  }

  public TrainSettings withSteps(long newSteps) {
    return new TrainSettings(seed, newSteps, worldSeed, resolution, grpo, baseCheckpoint,
        checkpointEvery, keepCheckpoints, evalEvery, evalTasks, loraTargets, loraRank);
  }

  /** The base checkpoint as this run's policy: LoRA on its targets, at its rank. */
  public EditPolicy loadBasePolicy() {
    return ModelCheckpoint.loadWithLora(baseCheckpoint, loraTargets, loraRank);
  }
}
