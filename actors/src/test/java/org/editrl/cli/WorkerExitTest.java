package org.editrl.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
 * that the cluster downs, exits non-zero with one line saying why (it used to exit 0 silently);
 * one whose learner leaves exits 0 with one line (it used to stay in the dead cluster for ever).
 */
class WorkerExitTest {
  @Test
  void aWorkerWithNoMatchingBaseExitsWithOneLine(@TempDir Path dir) throws Exception {
    Path otherBase = SmokeTraining.base(dir.resolve("other-base"), 4);
    try (Learner learner = new Learner(dir)) {
      // as on another machine: the learner's path is not there (the learner has its weights)
      Files.move(dir.resolve("base"), dir.resolve("base-elsewhere"));
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      int exit = EditrlCli.run(workerArgs(learner, "w-other", "editrl.train.base-checkpoint=\""
          + otherBase + "\""), new PrintStream(OutputStream.nullOutputStream()),
          new PrintStream(err, true, UTF_8));
      assertThat(exit).isEqualTo(2);
      assertThat(err.toString(UTF_8))
          .contains("editrl: error: worker w-other cannot join: no base checkpoint here matches")
          .contains(otherBase.toString()).contains(dir.resolve("base").toString());
    }
  }

  @Test
  void aWorkerServesTheRunFromTheLearnersBaseAndExitsWithOneLineWhenDowned(@TempDir Path dir)
      throws Exception {
    Path otherBase = SmokeTraining.base(dir.resolve("other-base"), 4);
    ExecutorService worker = Executors.newSingleThreadExecutor();
    try (Learner learner = new Learner(dir)) {
      ByteArrayOutputStream err = new ByteArrayOutputStream();
      // its configured base is another one: the learner's path, on this disk, serves instead
      Future<Integer> exit = worker.submit(() -> EditrlCli.run(workerArgs(learner, "w-down",
              "editrl.train.base-checkpoint=\"" + otherBase + "\""),
          new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, UTF_8)));
      // the learner has no rollout worker of its own: an update means the joined one served
      assertThat(learner.firstUpdate.await(3, TimeUnit.MINUTES)).as(err.toString(UTF_8)).isTrue();
      Cluster cluster = Cluster.get(learner.async.node().system());
      cluster.down(otherMemberUp(cluster).address());
      assertThat(exit.get(2, TimeUnit.MINUTES)).as(err.toString(UTF_8)).isEqualTo(2);
      assertThat(err.toString(UTF_8)).contains("editrl: error: the cluster removed (downed) this"
          + " worker node");
    } finally {
      worker.shutdownNow();
    }
  }

  @Test
  void aWorkerStopsWithOneLineWhenTheLearnerLeaves(@TempDir Path dir) throws Exception {
    ExecutorService worker = Executors.newSingleThreadExecutor();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      Future<Integer> exit;
      try (Learner learner = new Learner(dir)) {
        exit = worker.submit(() -> EditrlCli.run(workerArgs(learner, "w-left"),
            new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, UTF_8)));
        assertThat(learner.firstUpdate.await(3, TimeUnit.MINUTES)).as(err.toString(UTF_8)).isTrue();
        assertThat(exit).as("the worker serves while the learner is there").isNotDone();
      } // closing the learner's node leaves the cluster
      // A worker left in the old cluster could never serve the learner's next (or resumed) run.
      assertThat(exit.get(2, TimeUnit.MINUTES)).as(err.toString(UTF_8)).isZero();
      assertThat(err.toString(UTF_8)).contains("editrl worker: the learner left the cluster (its"
          + " run finished or was stopped), so w-left stops too; start it again");
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

  private static Member otherMemberUp(Cluster cluster) {
    return StreamSupport.stream(cluster.state().getMembers().spliterator(), false)
        .filter(m -> !m.address().equals(cluster.selfAddress()))
        .filter(m -> m.status() == MemberStatus.up())
        .findFirst()
        .orElseThrow(() -> new AssertionError("the worker is not an Up member"));
  }

  /** A smoke run on the actor runtime with no local rollout worker, so joining ones do the work. */
  private static final class Learner implements AutoCloseable {
    final TrainingRun training;
    final AsyncTraining async;
    final CountDownLatch firstUpdate = new CountDownLatch(1);

    Learner(Path dir) {
      EditrlConfig cfg = SmokeTraining.config(SmokeTraining.base(dir.resolve("base"), 3), 1000,
          "editrl.runtime.rollout-workers=0");
      this.training = TrainingRun.start(dir.resolve("run"), TrainConfig.train(cfg));
      this.async = SmokeTraining.start(training, cfg, line -> firstUpdate.countDown());
    }

    @Override
    public void close() {
      async.close();
      training.close();
    }
  }
}
