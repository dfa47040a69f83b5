package org.editrl.learner.pipeline;

import java.util.Map;

/**
 * Rewards of one group.
 *
 * @param rewards combined reward per sample, in [0, 1]
 * @param subScores each named sub-score (per judge and per judge component) per sample
 */
public record GroupScores(double[] rewards, Map<String, double[]> subScores) {}
