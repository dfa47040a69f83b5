package org.editrl.learner.grpo;

import ai.djl.ndarray.NDArray;

/**
 * The differentiable loss of one group and the detached quantities its statistics come from.
 *
 * @param loss scalar to minimise (already averaged over the group)
 * @param logRatios log ρ per ratio that was clipped: [G] for Dense GRPO, [G, k] for per-step
 * @param kl mean KL to the frozen base, scalar (0 when β = 0)
 */
public record LossTerms(NDArray loss, NDArray logRatios, NDArray kl) {}
