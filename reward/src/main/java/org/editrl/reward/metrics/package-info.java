/**
 * Image metrics: {@link org.editrl.reward.metrics.Psnr} and {@link
 * org.editrl.reward.metrics.Ssim}, each implemented once here and used by every judge, the
 * evaluator and the benchmarks.
 */
package org.editrl.reward.metrics;
