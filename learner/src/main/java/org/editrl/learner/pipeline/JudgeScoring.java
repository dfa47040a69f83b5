package org.editrl.learner.pipeline;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.editrl.core.RgbImage;
import org.editrl.reward.Judge;
import org.editrl.reward.JudgeResult;
import org.editrl.world.EditTask;

/**
 * The scoring stage over one (possibly combined) judge. A group's samples are judged
 * concurrently, up to {@code concurrency} calls at once — the same bound the reward workers use,
 * so the sync loop and the actor runtime are compared with the same judge parallelism.
 */
public final class JudgeScoring implements ScoringStage, AutoCloseable {
  private final Judge judge;
  private final ExecutorService calls;

  public JudgeScoring(Judge judge) {
    this(judge, 1);
  }

  public JudgeScoring(Judge judge, int concurrency) {
    this.judge = judge;
    this.calls = concurrency <= 1 ? null : Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "editrl-judge-sync");
      t.setDaemon(true);
      return t;
    });
  }

  public String judgeName() {
    return judge.name();
  }

  @Override
  public GroupScores score(EditTask task, List<RgbImage> finals) {
    List<JudgeResult> results = new ArrayList<>(finals.size());
    if (calls == null) {
      for (RgbImage image : finals) {
        // The sampler does not clamp; judges see the image as it would be saved.
        results.add(judge.score(task, image.clamped()));
      }
    } else {
      List<CompletableFuture<JudgeResult>> pending = new ArrayList<>();
      for (RgbImage image : finals) {
        pending.add(CompletableFuture.supplyAsync(() -> judge.score(task, image.clamped()),
            calls));
      }
      try {
        pending.forEach(p -> results.add(p.join()));
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : e;
      }
    }
    double[] rewards = new double[finals.size()];
    Map<String, double[]> subScores = new LinkedHashMap<>();
    for (int i = 0; i < results.size(); i++) {
      rewards[i] = results.get(i).score();
      for (Map.Entry<String, Double> e : results.get(i).subScores().entrySet()) {
        subScores.computeIfAbsent(e.getKey(), k -> new double[finals.size()])[i] = e.getValue();
      }
    }
    subScores.put(judge.name(), rewards.clone());
    return new GroupScores(rewards, subScores);
  }

  @Override
  public void close() {
    if (calls != null) {
      calls.shutdownNow();
    }
  }
}
