package org.editrl.actors.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
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
    EditrlConfig cfg = SmokeTraining.config(SmokeTraining.base(dir.resolve("base"), 3), STEPS);
    Path run = dir.resolve("run");
    ExecutorService waiter = Executors.newSingleThreadExecutor();
    try (TrainingRun training = TrainingRun.start(run, TrainConfig.train(cfg))) {
      CountDownLatch twoSteps = new CountDownLatch(2);
      try (AsyncTraining async = SmokeTraining.start(training, cfg, line -> twoSteps.countDown())) {
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
