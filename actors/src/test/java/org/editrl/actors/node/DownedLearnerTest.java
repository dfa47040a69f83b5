package org.editrl.actors.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.cluster.Cluster;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.core.UserError;
import org.editrl.learner.sync.TrainingRun;
import org.editrl.model.EditPolicy;
import org.editrl.model.ModelConfig;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.reward.Judge;
import org.editrl.world.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A learner whose own cluster node is downed mid-run (here by the cluster's own Down command, as
 * the split-brain resolver or an operator would) checkpoints the step it reached and fails with a
 * resume hint, instead of hanging with no workers.
 */
class DownedLearnerTest {
  private static final long STEPS = 500;

  @Test
  void aDownedLearnerCheckpointsAndFailsWithAResumeHint(@TempDir Path dir) throws Exception {
    Path base = dir.resolve("base");
    try (EditPolicy policy = EditPolicy.create(ModelConfig.smoke(Vocabulary.world().size()), 3)) {
      ModelCheckpoint.save(base, policy, 0, 0);
    }
    EditrlConfig cfg = EditrlConfig.load(null, TrainConfig.withPreset("smoke", List.of(
        "editrl.train.base-checkpoint=\"" + base + "\"",
        "editrl.train.steps=" + STEPS,
        "editrl.train.checkpoint-every=1000",
        "editrl.cluster.port=0", "editrl.metrics.port=0", "editrl.weights.port=0")));
    RuntimeSettings runtime = TrainConfig.runtime(cfg);
    Judge judge = RunJudges.create(runtime.judge(), TrainConfig.vlm(cfg));
    Path run = dir.resolve("run");
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try (TrainingRun training = TrainingRun.start(run, TrainConfig.train(cfg))) {
      CountDownLatch twoSteps = new CountDownLatch(2);
      try (AsyncTraining async = AsyncTraining.start(training, cfg, runtime, judge,
          line -> twoSteps.countDown(), System.err)) {
        assertThat(twoSteps.await(3, TimeUnit.MINUTES)).as("two updates").isTrue();
        Future<?> finished = waiter.submit(() -> {
          async.awaitFinished();
          return null;
        });
        Cluster cluster = Cluster.get(async.node().system());
        cluster.down(cluster.selfAddress());

        Throwable failure = null;
        try {
          finished.get(3, TimeUnit.MINUTES); // a hang fails here rather than stalling the suite
        } catch (ExecutionException e) {
          failure = e.getCause();
        }
        assertThat(failure).isInstanceOf(UserError.class)
            .hasMessageContaining("downed")
            .hasMessageContaining("editrl train --resume " + run.toAbsolutePath());
      }
      long reached = training.learner().step();
      assertThat(reached).isBetween(2L, STEPS - 1);
      // The checkpoint holds the step the learner reached: resuming loses no update.
      try (TrainingRun resumed = TrainingRun.resume(run, null)) {
        assertThat(resumed.learner().step()).isEqualTo(reached);
      }
    } finally {
      waiter.shutdownNow();
    }
  }
}
