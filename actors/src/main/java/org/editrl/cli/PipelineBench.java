package org.editrl.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.actors.node.AsyncTraining;
import org.editrl.actors.node.RuntimeSettings;
import org.editrl.actors.node.TrainConfig;
import org.editrl.core.AtomicFiles;
import org.editrl.core.RgbImage;
import org.editrl.learner.eval.HeldoutEvaluator;
import org.editrl.learner.grpo.GrpoLearner;
import org.editrl.learner.grpo.TrainingGroup;
import org.editrl.learner.pipeline.GroupPlan;
import org.editrl.learner.pipeline.GroupScores;
import org.editrl.learner.pipeline.JudgeScoring;
import org.editrl.learner.pipeline.PolicyRollout;
import org.editrl.learner.sync.SyncTrainer;
import org.editrl.learner.sync.TrainSettings;
import org.editrl.learner.sync.TrainingRun;
import org.editrl.model.EditPolicy;
import org.editrl.model.EngineThreads;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.reward.Judge;
import org.editrl.reward.VerifiableJudge;
import org.editrl.reward.vlm.LoopbackJudgeServer;
import org.editrl.reward.vlm.VlmJudge;
import org.editrl.reward.vlm.VlmSettings;
import org.editrl.rollout.TaskTensors;
import org.editrl.rollout.WindowedTrajectory;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code editrl bench pipeline}: the synchronous loop and the actor runtime on the same work
 * (same base, settings, seed and number of groups), with a judge of realistic latency — an
 * OpenAI-compatible HTTP judge on loopback answering in 100–300 ms — next to the standalone
 * throughput of each stage (rollout, judge, learner).
 */
@Command(
    name = "pipeline",
    mixinStandardHelpOptions = true,
    description = "Async actor runtime vs the sync loop with a loopback HTTP judge of realistic "
        + "latency; standalone stage throughputs; held-out reward after the same groups.")
final class PipelineBench implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", description = "Directory for the two runs (default: runs/bench-pipeline).")
  Path out = Path.of("runs", "bench-pipeline");

  @Option(names = "--preset", defaultValue = "default", description = "default or smoke.")
  String preset;

  @Option(names = "--steps", description = "Learner steps per run (default 10; groups = steps × tasks per step).")
  long steps = 10;

  @Option(names = "--latency-ms", split = "-", description = "Judge latency range in ms (default 100-300).")
  List<Integer> latency = List.of(100, 300);

  @Option(names = "--judge-concurrency", description = "Judge calls in flight, in the sync loop "
      + "and per reward worker (default 4: the judge then runs about as fast as the learner, a "
      + "balanced pipeline; with 8 the sync loop is learner-bound and async / sync cannot pass "
      + "about 2.1× here).")
  int judgeConcurrency = 4;

  @Option(names = "--eval-tasks", description = "Held-out tasks scored after each run (default 64).")
  int evalTasks = 64;

  @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Config override for both runs (repeatable).")
  List<String> sets = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    PrintWriter table = spec.commandLine().getOut();
    PrintStream err = WriterStreams.printStream(spec.commandLine().getErr());
    List<String> overrides = new ArrayList<>(List.of("editrl.train.steps=" + steps,
        "editrl.train.eval-every=0", "editrl.train.eval-tasks=0",
        "editrl.train.checkpoint-every=1000000",
        "editrl.metrics.port=0", "editrl.weights.port=0", "editrl.cluster.port=0",
        "editrl.runtime.judge-concurrency=" + judgeConcurrency));
    overrides.addAll(sets);
    EditrlConfig cfg = EditrlConfig.load(null, TrainConfig.withPreset(preset, overrides));
    EngineThreads.set(TrainConfig.threads(cfg));
    TrainSettings settings = TrainConfig.train(cfg);
    RuntimeSettings runtime = TrainConfig.runtime(cfg);
    BaseCheckpoints.ensure(settings.baseCheckpoint(), preset, err);
    EditWorld world = new EditWorld(settings.worldSeed(), settings.resolution());
    long groups = steps * settings.grpo().tasksPerStep();
    AtomicFiles.deleteTree(out);

    try (LoopbackJudgeServer server = LoopbackJudgeServer.start(world, latency.get(0),
        latency.get(latency.size() - 1), 7)) {
      Judge judge = new VlmJudge(new VlmSettings(server.endpoint(), "loopback-verifiable",
          java.util.Optional.empty(), runtime.judgeTimeout()));
      err.printf("bench pipeline: judge at %s (%d–%d ms per call, %d calls in flight per "
          + "group), %d groups per run%n", server.endpoint(), latency.get(0),
          latency.get(latency.size() - 1), runtime.judgeConcurrency(), groups);

      Stage stages = standalone(settings, runtime, world, judge, err);

      HeldoutEvaluator heldout = new HeldoutEvaluator(world, evalTasks, new VerifiableJudge(),
          settings.grpo().grid(),
          ModelCheckpoint.manifest(settings.baseCheckpoint()).config().maxTokens(), 17);
      int b = settings.grpo().tasksPerStep();

      err.println("bench pipeline: sync loop …");
      UpdateClock syncClock = new UpdateClock();
      double syncHeldout;
      long t0 = System.nanoTime();
      try (TrainingRun run = TrainingRun.start(out.resolve("sync"), settings);
          JudgeScoring scoring = new JudgeScoring(judge, runtime.judgeConcurrency())) {
        SyncTrainer.of(run, scoring).run(line -> syncClock.tick());
        syncHeldout = heldout.evaluate(run.policy()).mean();
      }
      double syncSeconds = syncClock.total(t0);

      err.println("bench pipeline: actor runtime …");
      UpdateClock asyncClock = new UpdateClock();
      double asyncHeldout;
      t0 = System.nanoTime();
      try (TrainingRun run = TrainingRun.start(out.resolve("async"), settings);
          AsyncTraining async = AsyncTraining.start(run, cfg, runtime, judge,
              line -> asyncClock.tick(), err)) {
        async.awaitFinished();
        asyncHeldout = heldout.evaluate(run.policy()).mean();
      }
      double asyncSeconds = asyncClock.total(t0);

      // Steady state: groups trained between the first and the last update, over that time
      // (start-up — JVM warm-up, cluster formation, loading the policy — is left out of both).
      double syncRate = syncClock.groupsPerSecond(b);
      double asyncRate = asyncClock.groupsPerSecond(b);
      double slowest = Math.min(stages.rollout(), Math.min(stages.judge(), stages.learner()));
      table.println();
      table.printf("Pipeline throughput, %d groups of %d edits, judge latency %d–%d ms%n", groups,
          settings.grpo().groupSize(), latency.get(0), latency.get(latency.size() - 1));
      table.printf("  standalone rollout   %7.3f groups/s%n", stages.rollout());
      table.printf("  standalone judge     %7.3f groups/s%n", stages.judge());
      table.printf("  standalone learner   %7.3f groups/s%n", stages.learner());
      table.printf("  sync loop            %7.3f groups/s  (steady state; %.1f s in all)%n",
          syncRate, syncSeconds);
      table.printf("  actor runtime        %7.3f groups/s  (steady state; %.1f s in all)%n",
          asyncRate, asyncSeconds);
      table.printf("  async / sync         %7.2f×  (target ≥ 2)%n", asyncRate / syncRate);
      table.printf("  async / slowest stage %6.2f   (target ≥ 0.9)%n", asyncRate / slowest);
      // A pipeline can at best hide every stage behind the slowest one: this bounds async / sync.
      double serial = 1 / stages.rollout() + 1 / stages.judge() + 1 / stages.learner();
      table.printf("  ceiling of async / sync with perfect overlap: %.2f× (sum of stage times / "
          + "slowest stage time)%n", serial * slowest);
      table.printf("  held-out reward after %d groups: sync %.4f, async %.4f (%d tasks; base %.4f)%n",
          groups, syncHeldout, asyncHeldout, evalTasks, baseHeldout(settings, heldout));
      table.printf("  judge calls served: %d, at most %d at once%n", server.requests(),
          server.maxConcurrentRequests());
      table.flush();
    }
    return 0;
  }

  /** Groups per second of each stage alone, on the same kind of work. */
  private record Stage(double rollout, double judge, double learner) {}

  private Stage standalone(TrainSettings settings, RuntimeSettings runtime, EditWorld world,
      Judge judge, PrintStream err) throws Exception {
    err.println("bench pipeline: standalone stages …");
    int n = Math.max(4, settings.grpo().tasksPerStep() * 2);
    try (EditPolicy policy =
            settings.loadBasePolicy();
        NDManager m = NDManager.newBaseManager()) {
      PolicyRollout rollout = PolicyRollout.of(policy, settings.grpo(),
          policy.config().maxTokens(), () -> 0L);
      List<WindowedTrajectory> sampled = new ArrayList<>();
      List<EditTask> tasks = new ArrayList<>();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        EditTask task = world.task(Split.TRAIN, 100_000 + i);
        tasks.add(task);
        sampled.add(rollout.sampleGroup(m, task,
            GroupPlan.windowStart(settings.seed(), i, settings.grpo()),
            GroupPlan.noiseSeed(settings.seed(), i)));
      }
      double sampledPerSecond = n / ((System.nanoTime() - t0) / 1e9);

      // The reward worker's shape: a pool of judge calls, two groups in flight.
      List<double[]> rewards = new ArrayList<>();
      ExecutorService groupsInFlight = Executors.newFixedThreadPool(2);
      try (JudgeScoring scoring = new JudgeScoring(judge, runtime.judgeConcurrency())) {
        t0 = System.nanoTime();
        List<CompletableFuture<GroupScores>> futures = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          List<RgbImage> finals = TaskTensors.toImages(sampled.get(i).finals());
          EditTask task = tasks.get(i);
          futures.add(CompletableFuture.supplyAsync(() -> scoring.score(task, finals),
              groupsInFlight));
        }
        futures.forEach(f -> rewards.add(f.join().rewards()));
      } finally {
        groupsInFlight.shutdownNow();
      }
      double judged = n / ((System.nanoTime() - t0) / 1e9);

      GrpoLearner learner = new GrpoLearner(policy, settings.grpo(), settings.steps());
      int b = settings.grpo().tasksPerStep();
      t0 = System.nanoTime();
      int trained = 0;
      for (int from = 0; from + b <= n; from += b) {
        List<TrainingGroup> batch = new ArrayList<>();
        for (int i = from; i < from + b; i++) {
          batch.add(new TrainingGroup(tasks.get(i), sampled.get(i), rewards.get(i), 0));
        }
        learner.update(batch);
        trained += b;
      }
      double learned = trained / ((System.nanoTime() - t0) / 1e9);
      return new Stage(sampledPerSecond, judged, learned);
    }
  }

  private static double baseHeldout(TrainSettings settings, HeldoutEvaluator heldout) {
    try (EditPolicy base = ModelCheckpoint.load(settings.baseCheckpoint())) {
      return heldout.evaluate(base).mean();
    }
  }

  /** Times learner updates as they are reported. */
  private static final class UpdateClock {
    private long first = -1;
    private long last;
    private int updates;

    synchronized void tick() {
      last = System.nanoTime();
      if (first < 0) {
        first = last;
      }
      updates++;
    }

    synchronized double groupsPerSecond(int groupsPerUpdate) {
      return updates < 2 ? Double.NaN
          : (updates - 1) * (double) groupsPerUpdate / ((last - first) / 1e9);
    }

    synchronized double total(long startNanos) {
      return (last - startNanos) / 1e9;
    }
  }
}
