package org.editrl.reward;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.editrl.core.RgbImage;
import org.editrl.world.EditTask;

/**
 * A weighted mean of judges: {@code R = Σ w_j·R_j / Σ w_j}. Sub-scores are each judge's score
 * under its name and its own sub-scores as {@code "<judge>.<sub>"}.
 */
public final class CombinedJudge implements Judge {
  private final List<Judge> judges;
  private final double[] weights;
  private final double total;

  public CombinedJudge(List<Judge> judges, List<Double> weights) {
    if (judges.isEmpty() || judges.size() != weights.size()) {
      throw new IllegalArgumentException("need one weight per judge");
    }
    this.judges = List.copyOf(judges);
    this.weights = new double[weights.size()];
    double t = 0;
    for (int i = 0; i < weights.size(); i++) {
      this.weights[i] = weights.get(i);
      t += this.weights[i];
    }
    if (!(t > 0)) {
      throw new IllegalArgumentException("weights must sum to a positive number");
    }
    this.total = t;
  }

  @Override
  public String name() {
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < judges.size(); i++) {
      parts.add(judges.get(i).name() + "=" + weights[i]);
    }
    return String.join(",", parts);
  }

  @Override
  public JudgeResult score(EditTask task, RgbImage candidate) {
    double sum = 0;
    Map<String, Double> subs = new LinkedHashMap<>();
    for (int i = 0; i < judges.size(); i++) {
      Judge j = judges.get(i);
      JudgeResult r = j.score(task, candidate);
      sum += weights[i] * r.score();
      subs.put(j.name(), r.score());
      r.subScores().forEach((k, v) -> subs.put(j.name() + "." + k, v));
    }
    return new JudgeResult(Math.min(1.0, Math.max(0.0, sum / total)), subs);
  }
}
