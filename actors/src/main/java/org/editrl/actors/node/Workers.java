package org.editrl.actors.node;

import ai.djl.pytorch.jni.JniUtils;
import io.grpc.ManagedChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.editrl.actors.reward.RewardEngine;
import org.editrl.actors.reward.RewardWorker;
import org.editrl.actors.rollout.RolloutEngine;
import org.editrl.actors.rollout.RolloutWorker;
import org.editrl.actors.weights.WeightChannels;
import org.editrl.actors.weights.WeightSettings;
import org.editrl.actors.weights.WeightSubscriber;
import org.editrl.actors.weights.WeightSyncListener;
import org.editrl.learner.sync.TrainSettings;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.reward.Judge;
import org.editrl.world.EditWorld;

/**
 * Spawns rollout and reward workers with everything they own (policy copy, compute thread, weight
 * subscription, judge pool), the same way on the trainer node and on worker nodes.
 *
 * @param settings the run's settings (sampling must match the learner's)
 * @param world the run's editing world
 * @param baseCheckpoint this node's copy of the base
 * @param baseId SHA-256 of the base weights the learner trains on
 * @param weightTarget the learner's WeightService, host:port
 */
record Workers(
    TrainSettings settings,
    EditWorld world,
    Path baseCheckpoint,
    String baseId,
    String weightTarget,
    WeightSettings weightSettings,
    WeightSyncListener weightListener,
    NodeListener listener,
    RuntimeSettings runtime,
    Supplier<Judge> judges,
    List<AutoCloseable> resources) {

  /** Groups one reward worker scores at once (their samples share the judge pool). */
  static final int MAX_GROUPS_SCORING = 2;

  /** A reward worker with its judge pool (the pool's size bounds concurrent judge calls). */
  void spawnRewardWorker(ActorContext<?> ctx, String id) {
    ExecutorService judgeCalls = pool("editrl-judge-" + id, runtime.judgeConcurrency());
    resources.add(judgeCalls::shutdownNow);
    RewardEngine engine = new RewardEngine(judges.get(), world, judgeCalls,
        runtime.judgeTimeout());
    ctx.spawn(Behaviors.supervise(RewardWorker.create(
            new RewardWorker.Settings(id, MAX_GROUPS_SCORING), engine,
            listener.forRewardWorker(id)))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200),
            Duration.ofSeconds(10), 0.2)), id);
  }

  /** A rollout worker with its own policy copy, compute thread and weight subscription. */
  void spawnRolloutWorker(ActorContext<?> ctx, String id, String address) {
    ManagedChannel channel = WeightChannels.open(weightTarget, weightSettings);
    WeightSubscriber subscriber = WeightSubscriber.builder()
        .setChannel(channel)
        .setWorkerId(id)
        .setBaseId(baseId)
        .optListener(weightListener)
        .optSettings(weightSettings)
        .build()
        .start();
    // Resources close in reverse order: the subscriber first, then its channel (the other way
    // round the subscriber sees its channel vanish and warns of a lost subscription).
    resources.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    resources.add(subscriber);
    ExecutorService compute = singleThread("editrl-" + id);
    resources.add(compute::shutdownNow);
    RolloutEngine engine = new RolloutEngine(
        ModelCheckpoint.loadWithLora(baseCheckpoint, settings.loraTargets(), settings.loraRank()),
        world, settings.grpo(), settings.seed(), id);
    ctx.spawn(RolloutWorker.create(
        new RolloutWorker.Settings(id, address, Duration.ofSeconds(1)), engine,
        // Versions are compared by learner step: the store numbers versions from 1 per learner
        // process, so after a resume its numbers restart while the steps go on.
        known -> subscriber.staged().filter(v -> v.learnerStep() > known)
            .map(v -> new RolloutWorker.AdapterUpdate(v.learnerStep(), v.tensors())),
        compute, listener.forRolloutWorker(id)), id);
  }

  static ExecutorService singleThread(String name) {
    return pool(name, 1);
  }

  /**
   * A pool whose threads start with PyTorch's autograd off: grad mode is per thread and on by
   * default in new threads, which would record graphs during sampling and refuse AdamW's
   * in-place updates; the learner turns it on only inside its GradientCollector.
   */
  static ExecutorService pool(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    ThreadFactory factory = r -> {
      Runnable noGrad = () -> {
        JniUtils.setGradMode(false);
        r.run();
      };
      Thread t = new Thread(noGrad, threads == 1 ? name : name + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    return Executors.newFixedThreadPool(threads, factory);
  }
}
