package org.editrl.learner.pretrain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.editrl.core.JsonLines;
import org.editrl.learner.eval.EvalReport;
import org.editrl.learner.eval.HeldoutEvaluator;
import org.editrl.model.EditPolicy;
import org.editrl.model.flow.TimeGrid;
import org.editrl.reward.Judge;
import org.editrl.world.Category;
import org.editrl.world.EditWorld;
import org.editrl.world.Vocabulary;

/**
 * The pretrain report's held-out rows: {@link HeldoutEvaluator} (the one held-out scorer) per
 * category and "all", against the identity edit. Batches of 16 with noise seeds labelled
 * "heldout-eval", as the recorded pretrain figures were measured.
 */
public final class HeldoutEvaluation {
  private static final int BATCH = 16;
  private static final String SEED_LABEL = "heldout-eval";

  /** Mean rewards of one category (or "all"). */
  public record Row(String category, int tasks, double reward, double identityReward) {
    public ObjectNode toJson() {
      ObjectNode o = JsonLines.MAPPER.createObjectNode();
      o.put("event", "heldout");
      o.put("category", category);
      o.put("tasks", tasks);
      o.put("reward", reward);
      o.put("identityReward", identityReward);
      return o;
    }
  }

  private HeldoutEvaluation() {}

  /** Rows per category present, then "all". */
  public static List<Row> evaluate(EditPolicy policy, EditWorld world, Vocabulary vocabulary,
      Judge judge, int count, int samplerSteps, long seed) {
    EvalReport report = new HeldoutEvaluator(world, count, judge, TimeGrid.uniform(samplerSteps),
        vocabulary, policy.config().maxTokens(), seed, BATCH, SEED_LABEL).evaluate(policy);
    List<Row> rows = new ArrayList<>();
    int all = 0;
    for (Category c : report.perCategory().keySet()) {
      int n = report.counts().get(c);
      all += n;
      rows.add(new Row(c.word(), n, report.perCategory().get(c),
          report.identityPerCategory().get(c)));
    }
    if (all > 0) {
      rows.add(new Row("all", all, report.mean(), report.identityMean()));
    }
    return rows;
  }
}
