/**
 * Optimisation for explicit parameter lists: {@link org.editrl.model.train.AdamW},
 * {@link org.editrl.model.train.GradientClipping}, {@link org.editrl.model.train.WarmupCosineSchedule}.
 */
package org.editrl.model.train;
