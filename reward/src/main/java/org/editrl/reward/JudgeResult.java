package org.editrl.reward;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A judge's verdict: the reward in [0, 1] and named sub-scores (insertion-ordered; most in
 * [0, 1], a few in natural units such as {@code psnr_db}).
 */
public record JudgeResult(double score, Map<String, Double> subScores) {
  public JudgeResult {
    if (!(score >= 0 && score <= 1)) {
      throw new IllegalArgumentException("score must be in [0, 1], got " + score);
    }
    subScores = Collections.unmodifiableMap(new LinkedHashMap<>(subScores));
  }

  /** Sub-score {@code name}; throws if absent. */
  public double sub(String name) {
    Double v = subScores.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no sub-score '" + name + "' in " + subScores.keySet());
    }
    return v;
  }
}
