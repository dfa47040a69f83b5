package org.editrl.actors.rollout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongFunction;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.editrl.actors.coordinator.Coordinator;
import org.editrl.actors.endpoint.Endpoint;
import org.editrl.actors.reward.RewardWorker;
import org.editrl.proto.CoordinatorRequest;
import org.editrl.proto.LeaseReturned;
import org.editrl.proto.TaskLease;
import org.editrl.proto.TaskOffer;
import org.editrl.proto.TaskRequest;
import org.editrl.proto.TrajectoryGroup;
import org.editrl.proto.WorkerHello;
import org.editrl.proto.WorkerRegistration;
import org.editrl.proto.WorkerRole;

/**
 * Pulls one task at a time from the Coordinator, samples its group on the compute executor and
 * hands the group to a reward worker (round robin). Before each group it takes the newest verified
 * adapter, if one arrived, so weights change only between groups. Work is only requested while a
 * Coordinator and at least one reward worker are known, so a worker can join or leave any time.
 */
public final class RolloutWorker {
  /** Rollout workers register under this key (the trainer counts them; the message is unused). */
  public static final ServiceKey<TaskOffer> KEY =
      ServiceKey.create(TaskOffer.class, "editrl-rollout-worker");

  public sealed interface Command {}

  private record ListingChanged(Receptionist.Listing listing) implements Command {}

  private record Offered(TaskOffer offer) implements Command {}

  private record Sampled(TaskLease lease, TrajectoryGroup group, Throwable failure)
      implements Command {}

  private record AskAgain() implements Command {}

  /** Observes finished groups (metrics, tests). */
  public interface Listener {
    void onGroup(TrajectoryGroup group);

    void onAdapter(long version);
  }

  /**
   * @param workerId stable id of this worker in the ledger and in metrics
   * @param address host:port of this node, for the Coordinator's log
   * @param retryAfterFailure pause after a failed group before asking again
   */
  public record Settings(String workerId, String address, Duration retryAfterFailure) {}

  /**
   * @param newerAdapter returns a verified adapter newer than the given version, if one arrived
   *     (the gRPC subscriber's staging slot)
   */
  public static Behavior<Command> create(Settings settings, RolloutEngine engine,
      LongFunction<Optional<AdapterUpdate>> newerAdapter, Executor compute, Listener listener) {
    return Behaviors.setup(ctx -> Behaviors.withTimers(timers ->
        new RolloutWorker(ctx, timers, settings, engine, newerAdapter, compute, listener).idle()));
  }

  /** A verified adapter version ready to swap in. */
  public record AdapterUpdate(long version, List<org.editrl.core.tensor.NamedTensor> tensors) {}

  private final ActorContext<Command> ctx;
  private final TimerScheduler<Command> timers;
  private final Settings settings;
  private final RolloutEngine engine;
  private final LongFunction<Optional<AdapterUpdate>> newerAdapter;
  private final Executor compute;
  private final Listener listener;
  private final ActorRef<TaskOffer> offerAdapter;
  private final String offerAddress;
  private ActorRef<CoordinatorRequest> coordinator;
  private final List<ActorRef<TrajectoryGroup>> rewardWorkers = new ArrayList<>();
  private int nextRewardWorker;
  private boolean busy;

  private RolloutWorker(ActorContext<Command> ctx, TimerScheduler<Command> timers,
      Settings settings, RolloutEngine engine,
      LongFunction<Optional<AdapterUpdate>> newerAdapter, Executor compute, Listener listener) {
    this.ctx = ctx;
    this.timers = timers;
    this.settings = settings;
    this.engine = engine;
    this.newerAdapter = newerAdapter;
    this.compute = compute;
    this.listener = listener;
    this.offerAdapter = Endpoint.spawn(ctx, "offers", Offered::new);
    this.offerAddress = ActorRefResolver.get(ctx.getSystem()).toSerializationFormat(offerAdapter);
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY, offerAdapter));
    ActorRef<Receptionist.Listing> listings =
        ctx.messageAdapter(Receptionist.Listing.class, ListingChanged::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(Coordinator.KEY, listings));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(RewardWorker.KEY, listings));
  }

  private Behavior<Command> idle() {
    return Behaviors.receive(Command.class)
        .onMessage(ListingChanged.class, m -> m.listing().isForKey(Coordinator.KEY)
            ? onCoordinators(m) : onRewardWorkers(m))
        .onMessage(Offered.class, this::onOffered)
        .onMessage(Sampled.class, this::onSampled)
        .onMessage(AskAgain.class, m -> {
          askForTask();
          return Behaviors.same();
        })
        .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
          engine.close();
          return Behaviors.same();
        })
        .build();
  }

  private Behavior<Command> onCoordinators(ListingChanged m) {
    var found = m.listing().getServiceInstances(Coordinator.KEY);
    ActorRef<CoordinatorRequest> newest = found.isEmpty() ? null : found.iterator().next();
    if (newest != null && !newest.equals(coordinator)) {
      coordinator = newest;
      coordinator.tell(hello());
      ctx.getLog().info("rollout worker {} found the coordinator", settings.workerId());
      askForTask();
    } else if (newest == null) {
      coordinator = null;
    }
    return Behaviors.same();
  }

  private Behavior<Command> onRewardWorkers(ListingChanged m) {
    rewardWorkers.clear();
    rewardWorkers.addAll(m.listing().getServiceInstances(RewardWorker.KEY));
    askForTask();
    return Behaviors.same();
  }

  /** Asks for the next task when idle and both a coordinator and a reward worker are known. */
  private void askForTask() {
    if (busy || coordinator == null || rewardWorkers.isEmpty()) {
      return;
    }
    busy = true;
    coordinator.tell(CoordinatorRequest.newBuilder()
        .setTaskRequest(TaskRequest.newBuilder()
            .setWorkerId(settings.workerId())
            .setReplyTo(offerAddress))
        .build());
  }

  private Behavior<Command> onOffered(Offered m) {
    if (m.offer().hasNone()) {
      busy = false;
      timers.startSingleTimer(new AskAgain(),
          Duration.ofMillis(Math.max(10, m.offer().getNone().getRetryAfterMs())));
      return Behaviors.same();
    }
    TaskLease lease = m.offer().getLease();
    newerAdapter.apply(engine.version()).ifPresent(update -> {
      engine.loadAdapter(update.version(), update.tensors());
      listener.onAdapter(update.version());
    });
    ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> engine.sample(lease), compute),
        (group, failure) -> new Sampled(lease, group, failure));
    return Behaviors.same();
  }

  private Behavior<Command> onSampled(Sampled m) {
    busy = false;
    if (m.failure() != null) {
      ctx.getLog().warn("rollout worker {} failed on {}: {}", settings.workerId(),
          m.lease().getLeaseId(), m.failure().toString());
      if (coordinator != null) {
        coordinator.tell(CoordinatorRequest.newBuilder()
            .setLeaseReturned(LeaseReturned.newBuilder()
                .setLeaseId(m.lease().getLeaseId())
                .setReason("rollout_failed")
                .setDetail(String.valueOf(m.failure().getMessage())))
            .build());
      }
      timers.startSingleTimer(new AskAgain(), settings.retryAfterFailure());
      return Behaviors.same();
    }
    if (rewardWorkers.isEmpty()) {
      // Nobody to score it: the lease expires and the Coordinator requeues the task.
      ctx.getLog().warn("no reward worker for group of lease {}", m.lease().getLeaseId());
    } else {
      nextRewardWorker = (nextRewardWorker + 1) % rewardWorkers.size();
      rewardWorkers.get(nextRewardWorker).tell(m.group());
    }
    listener.onGroup(m.group());
    askForTask();
    return Behaviors.same();
  }

  private CoordinatorRequest hello() {
    return CoordinatorRequest.newBuilder()
        .setHello(WorkerHello.newBuilder()
            .setRegistration(WorkerRegistration.newBuilder()
                .setWorkerId(settings.workerId())
                .setRole(WorkerRole.ROLLOUT)
                .setAddress(settings.address())
                .setCapacity(1)
                .setAdapterVersion(engine.version()))
            .setWorkerRef(ActorRefResolver.get(ctx.getSystem()).toSerializationFormat(ctx.getSelf())))
        .build();
  }
}
