package org.editrl.model.train;

/**
 * Linear warm-up from 0 to {@code peakLr} over the first {@code warmupFraction·totalSteps} steps,
 * then a half cosine from {@code peakLr} down to {@code minLr} at {@code totalSteps}; constant
 * {@code minLr} afterwards.
 */
public record WarmupCosineSchedule(float peakLr, long totalSteps, double warmupFraction, float minLr) {

  public WarmupCosineSchedule {
    if (totalSteps <= 0 || warmupFraction < 0 || warmupFraction > 1 || peakLr < minLr || minLr < 0) {
      throw new IllegalArgumentException("bad schedule: peak " + peakLr + ", min " + minLr
          + ", total " + totalSteps + ", warmup fraction " + warmupFraction);
    }
  }

  public long warmupSteps() {
    return Math.round(warmupFraction * totalSteps);
  }

  /** The learning rate for step {@code step} (0-based). */
  public float lr(long step) {
    long warmup = warmupSteps();
    if (step < warmup) {
      return peakLr * (step + 1) / warmup;
    }
    if (step >= totalSteps) {
      return minLr;
    }
    double progress = (double) (step - warmup) / Math.max(1, totalSteps - warmup);
    return (float) (minLr + 0.5 * (peakLr - minLr) * (1 + Math.cos(Math.PI * progress)));
  }
}
