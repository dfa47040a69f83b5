package org.editrl.actors.reward;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.editrl.actors.coordinator.Coordinator;
import org.editrl.actors.endpoint.Endpoint;
import org.editrl.actors.learner.Learner;
import org.editrl.proto.CoordinatorRequest;
import org.editrl.proto.LeaseReturned;
import org.editrl.proto.ScoredGroup;
import org.editrl.proto.TrajectoryGroup;

/**
 * Scores up to {@code maxConcurrentGroups} groups at once and queues the rest; scored groups go
 * to the learner. A group whose judge fails or times out goes back to the Coordinator
 * ({@code judge_failed}) so its task is sampled again; the pipeline keeps moving.
 */
public final class RewardWorker {
  /** Rollout workers find reward workers under this key; the message is the sampled group. */
  public static final ServiceKey<TrajectoryGroup> KEY =
      ServiceKey.create(TrajectoryGroup.class, "editrl-reward-worker");

  public sealed interface Command {}

  private record FromRollout(TrajectoryGroup group) implements Command {}

  private record Scored(TrajectoryGroup group, ScoredGroup scored, Throwable failure)
      implements Command {}

  private record ListingChanged(Receptionist.Listing listing) implements Command {}

  /** Observes outcomes (metrics, tests). */
  public interface Listener {
    void onScored(ScoredGroup scored);

    void onFailed(TrajectoryGroup group, Throwable failure);

    void onQueueDepth(int depth);
  }

  public record Settings(String workerId, int maxConcurrentGroups) {}

  public static Behavior<Command> create(Settings settings, RewardEngine engine,
      Listener listener) {
    return Behaviors.setup(ctx -> new RewardWorker(ctx, settings, engine, listener).active());
  }

  private final ActorContext<Command> ctx;
  private final Settings settings;
  private final RewardEngine engine;
  private final Listener listener;
  private final Deque<TrajectoryGroup> waiting = new ArrayDeque<>();
  private final Deque<ScoredGroup> undelivered = new ArrayDeque<>();
  private ActorRef<ScoredGroup> learner;
  private ActorRef<CoordinatorRequest> coordinator;
  private int scoring;

  private RewardWorker(ActorContext<Command> ctx, Settings settings, RewardEngine engine,
      Listener listener) {
    this.ctx = ctx;
    this.settings = settings;
    this.engine = engine;
    this.listener = listener;
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY,
        Endpoint.spawn(ctx, "groups", FromRollout::new)));
    ActorRef<Receptionist.Listing> listings =
        ctx.messageAdapter(Receptionist.Listing.class, ListingChanged::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(Learner.KEY, listings));
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(Coordinator.KEY, listings));
  }

  private Behavior<Command> active() {
    return Behaviors.receive(Command.class)
        .onMessage(FromRollout.class, this::onGroup)
        .onMessage(Scored.class, this::onScored)
        .onMessage(ListingChanged.class, this::onListing)
        .build();
  }

  private Behavior<Command> onGroup(FromRollout m) {
    waiting.addLast(m.group());
    startScoring();
    return Behaviors.same();
  }

  private void startScoring() {
    while (scoring < settings.maxConcurrentGroups() && !waiting.isEmpty()) {
      TrajectoryGroup group = waiting.removeFirst();
      scoring++;
      ctx.pipeToSelf(engine.score(group), (scored, failure) -> new Scored(group, scored, failure));
    }
    listener.onQueueDepth(waiting.size());
  }

  private Behavior<Command> onScored(Scored m) {
    scoring--;
    if (m.failure() != null) {
      Throwable cause = m.failure() instanceof CompletionException && m.failure().getCause() != null
          ? m.failure().getCause() : m.failure();
      String detail = cause instanceof TimeoutException
          ? "judge " + engine.judgeName() + " timed out"
          : "judge " + engine.judgeName() + " failed: " + cause;
      ctx.getLog().warn("group of lease {} not scored: {}", m.group().getLeaseId(), detail);
      listener.onFailed(m.group(), cause);
      if (coordinator != null) {
        coordinator.tell(CoordinatorRequest.newBuilder()
            .setLeaseReturned(LeaseReturned.newBuilder()
                .setLeaseId(m.group().getLeaseId())
                .setReason("judge_failed")
                .setDetail(detail))
            .build());
      }
    } else {
      listener.onScored(m.scored());
      undelivered.addLast(m.scored());
      deliver();
    }
    startScoring();
    return Behaviors.same();
  }

  private Behavior<Command> onListing(ListingChanged m) {
    if (m.listing().isForKey(Learner.KEY)) {
      var found = m.listing().getServiceInstances(Learner.KEY);
      learner = found.isEmpty() ? null : found.iterator().next();
      deliver();
    } else if (m.listing().isForKey(Coordinator.KEY)) {
      var found = m.listing().getServiceInstances(Coordinator.KEY);
      coordinator = found.isEmpty() ? null : found.iterator().next();
    }
    return Behaviors.same();
  }

  /** Sends scored groups to the learner; they wait here while no learner is known. */
  private void deliver() {
    while (learner != null && !undelivered.isEmpty()) {
      learner.tell(undelivered.removeFirst());
    }
  }
}
