package org.editrl.learner.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.editrl.core.RgbImage;
import org.editrl.core.Seeds;
import org.editrl.model.Conditioning;
import org.editrl.model.VelocityField;
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
 * Edits the first N held-out tasks with the deterministic ODE sampler (same initial noise for
 * every policy, so two policies are compared on identical inputs) and scores them.
 */
public final class HeldoutEvaluator {
  private final List<EditTask> tasks;
  private final Judge judge;
  private final TimeGrid grid;
  private final Function<String, int[]> encoder;
  private final long seed;
  private final int batch;
  private final String seedLabel;

  /** The evaluator of training runs and benches: batches of 8, noise seeds labelled "eval". */
  public HeldoutEvaluator(EditWorld world, int count, Judge judge, TimeGrid grid, int maxTokens,
      long seed) {
    this(world, count, judge, grid, Vocabulary.world(), maxTokens, seed, 8, "eval");
  }

  /**
   * @param batch tasks edited per sampler call (each batch draws its initial noise from
   *     {@code seed}, {@code seedLabel} and its first task's index, so the batch size and the
   *     label decide which noise each task gets)
   */
  public HeldoutEvaluator(EditWorld world, int count, Judge judge, TimeGrid grid,
      Vocabulary vocabulary, int maxTokens, long seed, int batch, String seedLabel) {
    this.tasks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      tasks.add(world.task(Split.HELDOUT, i));
    }
    this.judge = judge;
    this.grid = grid;
    this.encoder = text -> vocabulary.encode(text, maxTokens);
    this.seed = seed;
    this.batch = batch;
    this.seedLabel = seedLabel;
  }

  public List<EditTask> tasks() {
    return tasks;
  }

  /** Rewards per task, in task order. */
  public double[] rewards(VelocityField policy) {
    double[] out = new double[tasks.size()];
    GroupSampler sampler = new GroupSampler(policy, grid, SdeSettings.defaults());
    for (int from = 0; from < tasks.size(); from += batch) {
      List<EditTask> part = tasks.subList(from, Math.min(tasks.size(), from + batch));
      try (NDManager m = NDManager.newBaseManager()) {
        Conditioning c = TaskTensors.conditioning(m, part, encoder, false);
        NDArray finals = sampler.sampleOde(m, c, Seeds.derive(seed, seedLabel, from));
        List<RgbImage> images = TaskTensors.toImages(finals);
        for (int i = 0; i < part.size(); i++) {
          // The sampler does not clamp; judge the image as it would be saved.
          out[from + i] = judge.score(part.get(i), images.get(i).clamped()).score();
        }
      }
    }
    return out;
  }

  public EvalReport evaluate(VelocityField policy) {
    double[] rewards = rewards(policy);
    double[] identity = new double[tasks.size()];
    for (int i = 0; i < tasks.size(); i++) {
      identity[i] = judge.score(tasks.get(i), tasks.get(i).source()).score();
    }
    return summarise(rewards, identity);
  }

  EvalReport summarise(double[] rewards, double[] identity) {
    Map<Category, Double> sums = new EnumMap<>(Category.class);
    Map<Category, Double> identitySums = new EnumMap<>(Category.class);
    Map<Category, Integer> counts = new EnumMap<>(Category.class);
    double total = 0;
    double identityTotal = 0;
    for (int i = 0; i < tasks.size(); i++) {
      Category c = tasks.get(i).category();
      sums.merge(c, rewards[i], Double::sum);
      identitySums.merge(c, identity[i], Double::sum);
      counts.merge(c, 1, Integer::sum);
      total += rewards[i];
      identityTotal += identity[i];
    }
    Map<Category, Double> means = new EnumMap<>(Category.class);
    sums.forEach((c, s) -> means.put(c, s / counts.get(c)));
    Map<Category, Double> identityMeans = new EnumMap<>(Category.class);
    identitySums.forEach((c, s) -> identityMeans.put(c, s / counts.get(c)));
    int n = Math.max(1, tasks.size());
    return new EvalReport(total / n, means, counts, identityTotal / n, identityMeans);
  }
}
