package org.editrl.learner.eval;

import java.util.Map;
import org.editrl.world.Category;

/**
 * Mean reward over held-out tasks.
 *
 * @param mean mean over all tasks
 * @param perCategory mean per Kris-Bench category (categories with no task are absent)
 * @param counts tasks per category
 * @param identityMean mean reward of the identity edit (the source unchanged) on the same tasks
 * @param identityPerCategory the identity edit's mean per category
 */
public record EvalReport(double mean, Map<Category, Double> perCategory,
    Map<Category, Integer> counts, double identityMean, Map<Category, Double> identityPerCategory) {}
