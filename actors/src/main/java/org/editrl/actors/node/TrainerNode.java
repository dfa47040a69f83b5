package org.editrl.actors.node;

import ai.djl.pytorch.jni.JniUtils;
import io.grpc.ManagedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.editrl.actors.coordinator.Coordinator;
import org.editrl.actors.coordinator.LedgerEvent;
import org.editrl.actors.coordinator.LedgerJournal;
import org.editrl.actors.coordinator.TaskLedger;
import org.editrl.actors.coordinator.TaskSource;
import org.editrl.actors.learner.Learner;
import org.editrl.actors.metrics.EditrlMetrics;
import org.editrl.actors.learner.WeightPublisher;
import org.editrl.actors.reward.RewardEngine;
import org.editrl.actors.reward.RewardWorker;
import org.editrl.actors.rollout.RolloutEngine;
import org.editrl.actors.rollout.RolloutWorker;
import org.editrl.actors.weights.WeightChannels;
import org.editrl.actors.weights.WeightSettings;
import org.editrl.actors.weights.WeightStore;
import org.editrl.actors.weights.WeightSubscriber;
import org.editrl.actors.weights.WeightSyncListener;
import org.editrl.learner.pipeline.WorldTasks;
import org.editrl.learner.sync.TrainingRun;
import org.editrl.model.checkpoint.ModelCheckpoint;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.editrl.reward.Judge;
import org.editrl.world.Split;

/**
 * The trainer node's guardian: the Coordinator over a journaled task ledger, the Learner and its
 * WeightPublisher on this node, plus the configured number of local rollout and reward workers.
 * Remote workers join through the Receptionist the same way the local ones do.
 */
public final class TrainerNode {
  public sealed interface Command {}

  /** Stop gracefully: the learner finishes its update and checkpoints; then the node stops. */
  public record Stop(ActorRef<Done> replyTo) implements Command {}

  private record LearnerStopped(ActorRef<Done> replyTo) implements Command {}

  private record PollStatus() implements Command {}

  private record Status(TaskLedger.Snapshot snapshot) implements Command {}

  private record WorkersChanged(String role, int count) implements Command {}

  /** Everything the node needs from outside. */
  public record Parts(
      TrainingRun training,
      RuntimeSettings runtime,
      WeightStore store,
      String weightTarget,
      WeightSettings weightSettings,
      WeightSyncListener weightListener,
      NodeListener listener,
      Supplier<Judge> judges,
      EditrlMetrics metrics) {}

  /** Groups one reward worker scores at once (their samples share the judge pool). */
  static final int MAX_GROUPS_SCORING = 2;

  public static Behavior<Command> create(Parts parts) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(new PollStatus(), Duration.ofSeconds(1));
      return new TrainerNode(ctx, parts).running();
    }));
  }

  private final ActorContext<Command> ctx;
  private final Parts parts;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private final ActorRef<Learner.Command> learner;
  private final ActorRef<Coordinator.Command> coordinator;

  private TrainerNode(ActorContext<Command> ctx, Parts parts) {
    this.ctx = ctx;
    this.parts = parts;
    TrainingRun training = parts.training();
    RuntimeSettings rs = parts.runtime();

    LedgerJournal journal = LedgerJournal.openIn(training.runDirectory().root());
    resources.add(journal);
    TaskSource tasks = ordinal -> WorldTasks.toProto(
        training.world().task(Split.TRAIN, ordinal), ordinal);
    long now = System.currentTimeMillis();
    EditrlMetrics metrics = parts.metrics();
    Consumer<LedgerEvent> journalAndCount = event -> {
      journal.accept(event);
      if (LedgerEvent.REQUEUED.equals(event.kind()) && event.reason() != null) {
        metrics.groupRequeued(event.reason());
      }
    };
    TaskLedger ledger = TaskLedger.recover(tasks, rs.lease().toMillis(), rs.maxInFlight(),
        journalAndCount, LedgerJournal.read(training.runDirectory().root()),
        training.learner().step(), now);
    this.coordinator = ctx.spawn(
        Coordinator.create(new Coordinator.Settings(rs.lease(), rs.maxInFlight(),
            Duration.ofSeconds(1), Duration.ofMillis(200)), ledger, System::currentTimeMillis),
        "coordinator");
    ActorRef<WeightPublisher.Command> publisher = ctx.spawn(
        WeightPublisher.create(parts.store()), "weights");
    ExecutorService learnerCompute = singleThread("editrl-learner");
    resources.add(learnerCompute::shutdownNow);
    this.learner = ctx.spawn(Learner.create(
        new Learner.Settings(rs.maxStaleness(), Duration.ofSeconds(10)), training, coordinator,
        publisher, learnerCompute, parts.listener()), "learner");
    countWorkers();
    metrics.setWorkers("learner", 1);
    for (int i = 0; i < rs.rewardWorkers(); i++) {
      spawnRewardWorker(ctx, parts, "reward-" + i, resources);
    }
    for (int i = 0; i < rs.rolloutWorkers(); i++) {
      spawnRolloutWorker(ctx, parts, "rollout-" + i, "local", resources);
    }
  }

  /** Counts the registered workers of both roles (one listing adapter: one per class). */
  private void countWorkers() {
    ActorRef<Receptionist.Listing> listings = ctx.messageAdapter(Receptionist.Listing.class,
        listing -> listing.isForKey(RewardWorker.KEY)
            ? new WorkersChanged("reward", listing.getServiceInstances(RewardWorker.KEY).size())
            : new WorkersChanged("rollout",
                listing.getServiceInstances(RolloutWorker.KEY).size()));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(RewardWorker.KEY, listings));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(RolloutWorker.KEY, listings));
  }

  /** A reward worker with its judge pool (the pool's size bounds concurrent judge calls). */
  static void spawnRewardWorker(ActorContext<?> ctx, Parts parts, String id,
      List<AutoCloseable> resources) {
    RuntimeSettings rs = parts.runtime();
    ExecutorService judgeCalls = pool("editrl-judge-" + id, rs.judgeConcurrency());
    resources.add(judgeCalls::shutdownNow);
    RewardEngine engine = new RewardEngine(parts.judges().get(), parts.training().world(),
        judgeCalls, rs.judgeTimeout());
    ctx.spawn(Behaviors.supervise(RewardWorker.create(
            new RewardWorker.Settings(id, MAX_GROUPS_SCORING), engine,
            parts.listener().forRewardWorker(id)))
        .onFailure(SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200),
            Duration.ofSeconds(10), 0.2)), id);
  }

  /** A rollout worker with its own policy copy, compute thread and weight subscription. */
  static void spawnRolloutWorker(ActorContext<?> ctx, Parts parts, String id, String address,
      List<AutoCloseable> resources) {
    TrainingRun training = parts.training();
    ManagedChannel channel = WeightChannels.open(parts.weightTarget(), parts.weightSettings());
    WeightSubscriber subscriber = WeightSubscriber.builder()
        .setChannel(channel)
        .setWorkerId(id)
        .setBaseId(parts.store().baseId())
        .optListener(parts.weightListener())
        .optSettings(parts.weightSettings())
        .build()
        .start();
    resources.add(subscriber);
    resources.add(() -> channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS));
    ExecutorService compute = singleThread("editrl-" + id);
    resources.add(compute::shutdownNow);
    RolloutEngine engine = new RolloutEngine(
        ModelCheckpoint.load(training.settings().baseCheckpoint()), training.world(),
        training.settings().grpo(), training.settings().seed(), id);
    ctx.spawn(RolloutWorker.create(
        new RolloutWorker.Settings(id, address, Duration.ofSeconds(1)), engine,
        known -> subscriber.takeIfNewer(known).filter(v -> v.learnerStep() > known)
            .map(v -> new RolloutWorker.AdapterUpdate(v.learnerStep(), v.tensors())),
        compute, parts.listener().forRolloutWorker(id)), id);
  }

  private Behavior<Command> running() {
    return Behaviors.receive(Command.class)
        .onMessage(Stop.class, m -> {
          ctx.pipeToSelf(AskPattern.<Learner.Command, Done>ask(
                  learner, Learner.Stop::new, Duration.ofMinutes(10), ctx.getSystem().scheduler()),
              (done, failure) -> new LearnerStopped(m.replyTo()));
          return Behaviors.same();
        })
        .onMessage(PollStatus.class, m -> {
          ctx.pipeToSelf(AskPattern.<Coordinator.Command, TaskLedger.Snapshot>ask(coordinator,
                  Coordinator.GetStatus::new, Duration.ofSeconds(5), ctx.getSystem().scheduler()),
              (snapshot, failure) -> new Status(snapshot));
          return Behaviors.same();
        })
        .onMessage(Status.class, m -> {
          if (m.snapshot() != null) {
            parts.metrics().setTasksInFlight(m.snapshot().inFlight());
            parts.metrics().setQueueDepth("tasks", m.snapshot().queued());
          }
          return Behaviors.same();
        })
        .onMessage(WorkersChanged.class, m -> {
          parts.metrics().setWorkers(m.role(), m.count());
          return Behaviors.same();
        })
        .onMessage(LearnerStopped.class, m -> {
          m.replyTo().tell(Done.getInstance());
          return Behaviors.stopped(this::closeResources);
        })
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
          closeResources();
          return Behaviors.same();
        })
        .build();
  }

  private void closeResources() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        ctx.getLog().warn("closing {} failed: {}", resources.get(i), e.toString());
      }
    }
    resources.clear();
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
