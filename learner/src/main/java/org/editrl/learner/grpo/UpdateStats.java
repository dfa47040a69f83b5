package org.editrl.learner.grpo;

import org.editrl.learner.advantage.GroupSpread;

/**
 * What one optimiser step did, for metrics and tests.
 *
 * @param step the step number after the update (= the new policy version)
 * @param loss mean loss over groups and inner epochs
 * @param clipFraction fraction of ratios outside [1−ε, 1+ε], over all inner epochs
 * @param approxKl mean of (ρ − 1) − log ρ, a non-negative estimate of KL(old ‖ new)
 * @param logRatioMean mean log ρ
 * @param logRatioMaxAbs max |log ρ|
 * @param firstEpochMaxAbsLogRatio max |log ρ| in the first inner epoch (0 up to rounding: θ = θ_old)
 * @param firstEpochClipFraction clip fraction in the first inner epoch
 * @param klToBase mean KL to the frozen base (0 when β = 0)
 * @param gradNorm global gradient norm before clipping (last inner epoch)
 * @param learningRate the learning rate used
 * @param advantageMean mean advantage of the batch
 * @param advantageStd standard deviation of the advantages
 * @param rewardMean mean reward of the batch
 * @param spread how much the rewards inside the batch's groups differ
 */
public record UpdateStats(
    long step,
    double loss,
    double clipFraction,
    double approxKl,
    double logRatioMean,
    double logRatioMaxAbs,
    double firstEpochMaxAbsLogRatio,
    double firstEpochClipFraction,
    double klToBase,
    double gradNorm,
    double learningRate,
    double advantageMean,
    double advantageStd,
    double rewardMean,
    GroupSpread spread) {}
