package org.editrl.learner.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.editrl.core.JsonLines;
import org.editrl.core.RgbImage;
import org.editrl.core.Seeds;
import org.editrl.model.EditPolicy;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.editrl.reward.Judge;
import org.editrl.rollout.GroupSampler;
import org.editrl.rollout.TaskTensors;
import org.editrl.world.Category;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import org.editrl.world.Vocabulary;

/**
 * Scores a policy on the first N held-out tasks (simple phrasing, deterministic Euler ODE
 * sampler from seeded noise) against the identity edit (the source returned unchanged), per
 * category.
 */
public final class HeldoutEvaluation {
  private static final int BATCH = 16;

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
    GroupSampler sampler = new GroupSampler(policy, TimeGrid.uniform(samplerSteps), SdeSettings.defaults());
    Map<Category, double[]> sums = new EnumMap<>(Category.class);
    double[] all = new double[3];
    for (int start = 0; start < count; start += BATCH) {
      List<EditTask> tasks = world.tasks(Split.HELDOUT, start, Math.min(BATCH, count - start));
      List<RgbImage> edited;
      try (NDManager m = policy.manager().newSubManager()) {
        NDArray finals = sampler.sampleOde(m,
            TaskTensors.conditioning(m, tasks, vocabulary, policy.config().maxTokens(), false),
            Seeds.derive(seed, "heldout-eval", start));
        edited = TaskTensors.toImages(finals);
      }
      for (int i = 0; i < tasks.size(); i++) {
        EditTask task = tasks.get(i);
        double reward = judge.score(task, edited.get(i).clamped()).score();
        double identity = judge.score(task, task.source()).score();
        double[] s = sums.computeIfAbsent(task.category(), k -> new double[3]);
        s[0]++;
        s[1] += reward;
        s[2] += identity;
        all[0]++;
        all[1] += reward;
        all[2] += identity;
      }
    }
    List<Row> rows = new ArrayList<>();
    sums.forEach((c, s) -> rows.add(new Row(c.word(), (int) s[0], s[1] / s[0], s[2] / s[0])));
    if (all[0] > 0) {
      rows.add(new Row("all", (int) all[0], all[1] / all[0], all[2] / all[0]));
    }
    return rows;
  }
}
