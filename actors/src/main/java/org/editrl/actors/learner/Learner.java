package org.editrl.actors.learner;

import ai.djl.ndarray.NDManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.apache.pekko.Done;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.editrl.actors.coordinator.Coordinator;
import org.editrl.actors.coordinator.RequeueReason;
import org.editrl.actors.endpoint.Endpoint;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.learner.grpo.TrainingGroup;
import org.editrl.learner.pipeline.BatchAssembler;
import org.editrl.learner.pipeline.WorldTasks;
import org.editrl.learner.sync.TrainingRun;
import org.editrl.proto.ScoredGroup;
import org.editrl.proto.SampleReward;
import org.editrl.rollout.WindowedTrajectory;

/**
 * Admits a scored group only while {@code learner_version − group_version ≤ max_staleness}
 * (else the task is requeued with reason {@code stale}), batches admitted groups, and runs each
 * GRPO update on the compute executor — one at a time, while new groups keep arriving. After an
 * update it tells the Coordinator which tasks were trained and hands the new adapter version to
 * the {@link WeightPublisher}. A group whose lease the Coordinator no longer honours (expired and
 * requeued meanwhile) is discarded, so a task is trained at most once outside the documented
 * at-least-once window.
 */
public final class Learner {
  /** Reward workers find the learner under this key; the message is the scored group. */
  public static final ServiceKey<ScoredGroup> KEY =
      ServiceKey.create(ScoredGroup.class, "editrl-learner");

  public sealed interface Command {}

  private record FromReward(ScoredGroup group) implements Command {}

  private record Delivered(ScoredGroup group, boolean accepted, Throwable failure)
      implements Command {}

  private record Updated(Map<String, Object> line, List<NamedTensor> adapter, long version,
      List<String> leaseIds, Throwable failure) implements Command {}

  /** Finish the update in progress, write a final checkpoint, drain the Coordinator, reply. */
  public record Stop(ActorRef<Done> replyTo) implements Command {}

  /** Observes the learner (progress bar, metrics, tests). */
  public interface Listener {
    void onUpdate(Map<String, Object> metricsLine);

    void onDropped(ScoredGroup group, String reason);

    void onAdmitted(ScoredGroup group, long staleness);

    void onFinished();

    /** An update threw: a bug, not bad input. The run cannot go on. */
    void onFailed(Throwable failure);
  }

  /** @param maxStaleness admitted lag between the learner's and the group's versions */
  public record Settings(int maxStaleness, Duration deliverTimeout) {}

  public static Behavior<Command> create(Settings settings, TrainingRun training,
      ActorRef<Coordinator.Command> coordinator, ActorRef<WeightPublisher.Command> publisher,
      Executor compute, Listener listener) {
    return Behaviors.setup(ctx ->
        new Learner(ctx, settings, training, coordinator, publisher, compute, listener).active());
  }

  private final ActorContext<Command> ctx;
  private final Settings settings;
  private final TrainingRun training;
  private final ActorRef<Coordinator.Command> coordinator;
  private final ActorRef<WeightPublisher.Command> publisher;
  private final Executor compute;
  private final Listener listener;
  private final BatchAssembler assembler;
  private final long startedNanos = System.nanoTime();
  private long groupsTrained;
  private long version;
  private boolean updating;
  private final List<ActorRef<Done>> stopRequests = new ArrayList<>();

  private Learner(ActorContext<Command> ctx, Settings settings, TrainingRun training,
      ActorRef<Coordinator.Command> coordinator, ActorRef<WeightPublisher.Command> publisher,
      Executor compute, Listener listener) {
    this.ctx = ctx;
    this.settings = settings;
    this.training = training;
    this.coordinator = coordinator;
    this.publisher = publisher;
    this.compute = compute;
    this.listener = listener;
    this.assembler = new BatchAssembler(training.settings().grpo().tasksPerStep(),
        settings.maxStaleness());
    this.version = training.learner().policyVersion();
    publisher.tell(new WeightPublisher.Publish(version, training.learner().adapterTensors()));
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY,
        Endpoint.spawn(ctx, "groups", FromReward::new)));
  }

  private Behavior<Command> active() {
    return Behaviors.receive(Command.class)
        .onMessage(FromReward.class, this::onGroup)
        .onMessage(Delivered.class, this::onDelivered)
        .onMessage(Updated.class, this::onUpdated)
        .onMessage(Stop.class, this::onStop)
        .build();
  }

  private Behavior<Command> onGroup(FromReward m) {
    // Ask the ledger first: a result under an expired lease was requeued and must not train.
    ctx.pipeToSelf(
        AskPattern.<Coordinator.Command, Boolean>ask(coordinator,
            replyTo -> new Coordinator.Deliver(m.group().getGroup().getLeaseId(), replyTo),
            settings.deliverTimeout(), ctx.getSystem().scheduler()),
        (ok, failure) -> new Delivered(m.group(), ok != null && ok, failure));
    return Behaviors.same();
  }

  private Behavior<Command> onDelivered(Delivered m) {
    if (!m.accepted()) {
      listener.onDropped(m.group(), "lease_expired");
      return Behaviors.same();
    }
    if (training.finished() || !stopRequests.isEmpty()) {
      requeue(m.group(), RequeueReason.RESUMED);
      return Behaviors.same();
    }
    BatchAssembler.Admission admission = assembler.offer(m.group(), version);
    if (admission instanceof BatchAssembler.Admission.Dropped d) {
      drop(d);
    } else {
      listener.onAdmitted(m.group(), BatchAssembler.staleness(m.group(), version));
    }
    maybeUpdate();
    return Behaviors.same();
  }

  private void drop(BatchAssembler.Admission.Dropped d) {
    listener.onDropped(d.group(), "stale");
    requeue(d.group(), RequeueReason.STALE);
  }

  private void requeue(ScoredGroup group, RequeueReason reason) {
    coordinator.tell(new Coordinator.Requeue(group.getGroup().getLeaseId(), reason));
  }

  private void maybeUpdate() {
    if (updating || training.finished() || !stopRequests.isEmpty()) {
      return;
    }
    List<BatchAssembler.Admission.Dropped> dropped = new ArrayList<>();
    var batch = assembler.takeBatch(version, dropped);
    dropped.forEach(this::drop);
    if (batch.isEmpty()) {
      return;
    }
    updating = true;
    List<ScoredGroup> groups = batch.get();
    Map<String, Object> extra = batchFields(groups);
    ctx.pipeToSelf(CompletableFuture.supplyAsync(() -> update(groups, extra), compute),
        (done, failure) -> failure == null ? done
            : new Updated(null, null, version, leaseIds(groups), failure));
  }

  /** Runs on the compute executor. */
  private Updated update(List<ScoredGroup> batch, Map<String, Object> extra) {
    try (NDManager m = NDManager.newBaseManager()) {
      List<TrainingGroup> groups = new ArrayList<>(batch.size());
      for (ScoredGroup sg : batch) {
        double[] rewards = sg.getRewardsList().stream().mapToDouble(SampleReward::getReward)
            .toArray();
        WindowedTrajectory trajectory = WindowedTrajectory.fromProto(sg.getGroup(), m);
        groups.add(new TrainingGroup(
            WorldTasks.fromProto(sg.getGroup().getTask(), training.world()), trajectory, rewards,
            sg.getGroup().getPolicyVersion()));
        training.learner().flops().addForwardSamples(
            training.settings().grpo().rolloutForwardSamples(trajectory.windowStart()));
      }
      Map<String, Object> line = training.update(groups, extra);
      return new Updated(line, training.learner().adapterTensors(),
          training.learner().policyVersion(), leaseIds(batch), null);
    }
  }

  private Map<String, Object> batchFields(List<ScoredGroup> groups) {
    Map<String, Object> extra = new LinkedHashMap<>();
    long maxLag = 0;
    double lagSum = 0;
    for (ScoredGroup g : groups) {
      long lag = BatchAssembler.staleness(g, version);
      maxLag = Math.max(maxLag, lag);
      lagSum += lag;
    }
    extra.put("staleness_mean", lagSum / groups.size());
    extra.put("staleness_max", maxLag);
    double seconds = (System.nanoTime() - startedNanos) / 1e9;
    extra.put("groups_per_second", seconds > 0 ? (groupsTrained + groups.size()) / seconds : 0.0);
    return extra;
  }

  private static List<String> leaseIds(List<ScoredGroup> groups) {
    return groups.stream().map(g -> g.getGroup().getLeaseId()).toList();
  }

  private Behavior<Command> onUpdated(Updated m) {
    updating = false;
    if (m.failure() != null) {
      // An update that throws is a bug, not bad input: requeue its tasks and let supervision act.
      m.leaseIds().forEach(id -> coordinator.tell(
          new Coordinator.Requeue(id, RequeueReason.ROLLOUT_FAILED)));
      ctx.getLog().error("GRPO update at step {} failed", version, m.failure());
      coordinator.tell(new Coordinator.Drain());
      listener.onFailed(m.failure());
      return Behaviors.stopped();
    }
    version = m.version();
    groupsTrained += m.leaseIds().size();
    coordinator.tell(new Coordinator.Trained(m.leaseIds(), version));
    publisher.tell(new WeightPublisher.Publish(version, m.adapter()));
    listener.onUpdate(m.line());
    if (training.finished() || !stopRequests.isEmpty()) {
      return finish();
    }
    maybeUpdate();
    return Behaviors.same();
  }

  private Behavior<Command> onStop(Stop m) {
    stopRequests.add(m.replyTo());
    if (updating) {
      return Behaviors.same();
    }
    return finish();
  }

  /** Final checkpoint; waiting groups go back to the queue; the Coordinator stops leasing. */
  private Behavior<Command> finish() {
    for (ScoredGroup waiting : assembler.drain()) {
      requeue(waiting, RequeueReason.RESUMED);
    }
    coordinator.tell(new Coordinator.Drain());
    Behavior<Command> next = writeFinalCheckpoint() ? finished() : Behaviors.stopped();
    stopRequests.forEach(r -> r.tell(Done.getInstance()));
    stopRequests.clear();
    return next;
  }

  /**
   * Writes the final checkpoint and tells the listener how it went. A checkpoint that cannot be
   * written fails the run; it must not leave the run waiting.
   */
  private boolean writeFinalCheckpoint() {
    try {
      training.finish();
    } catch (RuntimeException e) {
      ctx.getLog().error("final checkpoint at step {} failed", version, e);
      listener.onFailed(e);
      return false;
    }
    listener.onFinished();
    return true;
  }

  /** After the final checkpoint: late groups go back to the queue, stops are answered at once. */
  private Behavior<Command> finished() {
    return Behaviors.receive(Command.class)
        .onMessage(FromReward.class, m -> Behaviors.same())
        .onMessage(Delivered.class, m -> {
          if (m.accepted()) {
            requeue(m.group(), RequeueReason.RESUMED);
          }
          return Behaviors.same();
        })
        .onMessage(Updated.class, m -> Behaviors.same())
        .onMessage(Stop.class, m -> {
          m.replyTo().tell(Done.getInstance());
          return Behaviors.same();
        })
        .build();
  }
}
