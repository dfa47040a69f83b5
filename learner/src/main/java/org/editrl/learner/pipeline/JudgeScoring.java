package org.editrl.learner.pipeline;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.editrl.core.RgbImage;
import org.editrl.reward.Judge;
import org.editrl.reward.JudgeResult;
import org.editrl.world.EditTask;

/** The scoring stage over one (possibly combined) judge. */
public final class JudgeScoring implements ScoringStage {
  private final Judge judge;

  public JudgeScoring(Judge judge) {
    this.judge = judge;
  }

  public String judgeName() {
    return judge.name();
  }

  @Override
  public GroupScores score(EditTask task, List<RgbImage> finals) {
    double[] rewards = new double[finals.size()];
    Map<String, double[]> subScores = new LinkedHashMap<>();
    for (int i = 0; i < finals.size(); i++) {
      // The sampler does not clamp; judges see the image as it would be saved.
      JudgeResult result = judge.score(task, finals.get(i).clamped());
      rewards[i] = result.score();
      for (Map.Entry<String, Double> e : result.subScores().entrySet()) {
        subScores.computeIfAbsent(e.getKey(), k -> new double[finals.size()])[i] = e.getValue();
      }
    }
    subScores.put(judge.name(), rewards.clone());
    return new GroupScores(rewards, subScores);
  }
}
