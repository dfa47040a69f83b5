package org.editrl.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.actors.node.AsyncTraining;
import org.editrl.actors.node.SmokeTraining;
import org.editrl.actors.node.TrainConfig;
import org.editrl.learner.sync.TrainingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `editrl worker` against a real learner in this JVM: a worker that cannot serve the run, or
 * that the cluster downs, exits non-zero with one line saying why (it used to exit 0 silently).
 */
class WorkerExitTest {
  @Test
  void aWorkerWhoseBaseDiffersFromTheLearnersExitsWithOneLine(@TempDir Path dir) throws Exception {
    Path otherBase = SmokeTraining.base(dir.resolve("other-base"), 4);
    try (Learner learner = new Learner(dir)) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = EditrlCli.run(workerArgs(learner, "w-other", "editrl.train.base-checkpoint=\""
          + otherBase + "\""), new PrintStream(OutputStream.nullOutputStream()),
          new PrintStream(err, true, UTF_8));
      assertThat(exit).isEqualTo(2);
      assertThat(err.toString(UTF_8))
          .contains("editrl: error: worker w-other cannot join: its base checkpoint " + otherBase)
          .contains("differs from the learner's");
    }
  }

  @Test
  void aDownedWorkerExitsWithOneLine(@TempDir Path dir) throws Exception {
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try (Learner learner = new Learner(dir)) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      Future<Integer> exit = worker.submit(() -> EditrlCli.run(workerArgs(learner, "w-down"),
          new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, UTF_8)));
      Cluster cluster = Cluster.get(learner.async.node().system());
      Member up = awaitOtherMemberUp(cluster, Duration.ofMinutes(2));
      cluster.down(up.address());
      assertThat(exit.get(2, TimeUnit.MINUTES)).as(err.toString(UTF_8)).isEqualTo(2);
      assertThat(err.toString(UTF_8)).contains("editrl: error: the cluster removed (downed) this"
          + " worker node");
    } finally {
      worker.shutdownNow();
    }
  }

  private static String[] workerArgs(Learner learner, String id, String... sets) {
    List<String> args = new ArrayList<>(List.of("worker", "--role",
        "rollout", "--id", id, "--join", learner.async.node().joinTarget(),
        "--set", "editrl.cluster.port=0", "--set", "editrl.metrics.port=0"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return args.toArray(String[]::new);
  }

  /** Polls the learner's view of the cluster until a second member is Up. */
  private static Member awaitOtherMemberUp(Cluster cluster, Duration limit)
      throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<Member> other = StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
          .filter(m -> !m.address().equals(cluster.selfAddress()))
          .filter(m -> m.status() == MemberStatus.up())
          .findFirst();
      if (other.isPresent()) {
        return other.get();
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no worker became Up within " + limit);
  }

  /** A smoke run on the actor runtime with no local rollout worker, so joining ones do the work. */
  private static final class Learner implements AutoCloseable {
    final TrainingRun training;
    final AsyncTraining async;

    Learner(Path dir) {
      EditrlConfig cfg = SmokeTraining.config(SmokeTraining.base(dir.resolve("base"), 3), 1000,
          "editrl.runtime.rollout-workers=0");
      this.training = TrainingRun.start(dir.resolve("run"), TrainConfig.train(cfg));
      this.async = SmokeTraining.start(training, cfg, line -> { });
    }

    @Override
    public void close() {
      async.close();
      training.close();
    }
  }
}
