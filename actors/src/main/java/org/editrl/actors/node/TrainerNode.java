package org.editrl.actors.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import org.editrl.proto.RegistrationAck;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
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
import org.editrl.actors.reward.RewardWorker;
import org.editrl.actors.rollout.RolloutWorker;
import org.editrl.actors.weights.WeightSettings;
import org.editrl.actors.weights.WeightStore;
import org.editrl.actors.weights.WeightSyncListener;
import org.editrl.learner.pipeline.WorldTasks;
import org.editrl.learner.sync.TrainingRun;
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

  /** Stop gracefully: the learner finishes its update and checkpoints (the node stays up). */
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
    ExecutorService learnerCompute = Workers.singleThread("editrl-learner");
    resources.add(learnerCompute::shutdownNow);
    this.learner = ctx.spawn(Learner.create(
        new Learner.Settings(rs.maxStaleness(), Duration.ofSeconds(10)), training, coordinator,
        publisher, learnerCompute, parts.listener()), "learner");
    countWorkers();
    metrics.setWorkers("learner", 1);
    ctx.getSystem().receptionist().tell(Receptionist.register(RunInfo.KEY, ctx.spawn(
        RunInfo.create(runInfo(parts), training.learner()::policyVersion), "run-info")));
    Workers workers = new Workers(training.settings(), training.world(),
        training.settings().baseCheckpoint(), parts.store().baseId(), parts.weightTarget(),
        parts.weightSettings(), parts.weightListener(), parts.listener(), rs, parts.judges(),
        resources);
    for (int i = 0; i < rs.rewardWorkers(); i++) {
      workers.spawnRewardWorker(ctx, "reward-" + i);
    }
    for (int i = 0; i < rs.rolloutWorkers(); i++) {
      workers.spawnRolloutWorker(ctx, "rollout-" + i, "local");
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
          // Stay: Stop comes from a coordinated-shutdown task, and a guardian that stops ends the
          // actor system at once, cutting the shutdown's later phases off (the JVM then hung in
          // Pekko's shutdown hook). Resources close in PostStop, when the shutdown ends the system.
          return Behaviors.same();
        })
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
          closeResources();
          return Behaviors.same();
        })
        .build();
  }

  /** What joining worker nodes are told: the run's settings and where to fetch weights. */
  private static RegistrationAck runInfo(Parts parts) {
    try {
      return RegistrationAck.newBuilder()
          .setRunId(parts.training().runDirectory().root().toAbsolutePath().toString())
          .setWeightService(parts.weightTarget())
          .setRunSettingsJson(Files.readString(parts.training().runDirectory().settingsFile()))
          .setBaseId(parts.store().baseId())
          .setJudge(parts.runtime().judge())
          .build();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

}
