package org.editrl.actors.coordinator;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.editrl.proto.CoordinatorRequest;
import org.editrl.proto.LeaseReturned;
import org.editrl.proto.NoTask;
import org.editrl.proto.TaskOffer;
import org.editrl.proto.TaskRequest;
import org.editrl.proto.WorkerHello;

/**
 * Hands out tasks to rollout workers under leases and keeps the {@link TaskLedger}. Remote
 * workers find it through the Receptionist under {@link #KEY} and talk to it in protobuf
 * ({@link CoordinatorRequest}); the learner, on the same node, uses the local commands.
 * Workers that said hello are watched: when one dies its leases are requeued at once rather
 * than at lease expiry.
 */
public final class Coordinator {
  /** Where remote workers find the Coordinator. */
  public static final ServiceKey<CoordinatorRequest> KEY =
      ServiceKey.create(CoordinatorRequest.class, "editrl-coordinator");

  /** Settings read once from config. */
  public record Settings(Duration lease, int maxInFlight, Duration expiryCheck, Duration retryAfter) {}

  /** The Coordinator's protocol. */
  public sealed interface Command {}

  /** A message from a remote worker. */
  record FromWorker(CoordinatorRequest request) implements Command {}

  /**
   * The learner asks to admit a lease's scored group into a batch. The reply is false when the
   * lease already expired and its task was requeued: the group must then be discarded.
   */
  public record Deliver(String leaseId, ActorRef<Boolean> replyTo) implements Command {}

  /** The learner applied the delivered groups of these leases at {@code step}. */
  public record Trained(List<String> leaseIds, long step) implements Command {}

  /** A lease's task goes back to the queue (e.g. its group was stale). */
  public record Requeue(String leaseId, RequeueReason reason) implements Command {}

  /** Counts for metrics and progress. */
  public record GetStatus(ActorRef<TaskLedger.Snapshot> replyTo) implements Command {}

  /** Stop handing out tasks (graceful shutdown); leases already out may still be delivered. */
  public record Drain() implements Command {}

  private record CheckExpiry() implements Command {}

  private record WorkerTerminated(String workerId) implements Command {}

  public static Behavior<Command> create(Settings settings, TaskLedger ledger, LongSupplier clockMs) {
    return Behaviors.setup(
        ctx ->
            Behaviors.withTimers(
                timers -> new Coordinator(ctx, timers, settings, ledger, clockMs).active()));
  }

  private final ActorContext<Command> ctx;
  private final Settings settings;
  private final TaskLedger ledger;
  private final LongSupplier clockMs;
  private final ActorRefResolver resolver;
  private final Map<String, ActorRef<?>> watched = new HashMap<>();
  private boolean draining;

  private Coordinator(
      ActorContext<Command> ctx,
      TimerScheduler<Command> timers,
      Settings settings,
      TaskLedger ledger,
      LongSupplier clockMs) {
    this.ctx = ctx;
    this.settings = settings;
    this.ledger = ledger;
    this.clockMs = clockMs;
    this.resolver = ActorRefResolver.get(ctx.getSystem());
    ActorRef<CoordinatorRequest> remote = ctx.messageAdapter(CoordinatorRequest.class, FromWorker::new);
    ctx.getSystem().receptionist().tell(Receptionist.register(KEY, remote));
    timers.startTimerWithFixedDelay(new CheckExpiry(), settings.expiryCheck());
  }

  private Behavior<Command> active() {
    return Behaviors.receive(Command.class)
        .onMessage(FromWorker.class, this::onFromWorker)
        .onMessage(Deliver.class, this::onDeliver)
        .onMessage(Trained.class, this::onTrained)
        .onMessage(Requeue.class, this::onRequeue)
        .onMessage(GetStatus.class, this::onGetStatus)
        .onMessage(Drain.class, m -> {
          draining = true;
          return Behaviors.same();
        })
        .onMessage(CheckExpiry.class, this::onCheckExpiry)
        .onMessage(WorkerTerminated.class, this::onWorkerTerminated)
        .build();
  }

  private Behavior<Command> onFromWorker(FromWorker m) {
    CoordinatorRequest r = m.request();
    switch (r.getRequestCase()) {
      case TASK_REQUEST -> onTaskRequest(r.getTaskRequest());
      case LEASE_RETURNED -> onLeaseReturned(r.getLeaseReturned());
      case HELLO -> onHello(r.getHello());
      default -> ctx.getLog().warn("ignoring an empty request from a worker");
    }
    return Behaviors.same();
  }

  private void onTaskRequest(TaskRequest request) {
    ActorRef<TaskOffer> replyTo = resolver.resolveActorRef(request.getReplyTo());
    if (draining) {
      replyTo.tell(noTask("the run is stopping"));
      return;
    }
    ledger
        .lease(request.getWorkerId(), clockMs.getAsLong())
        .ifPresentOrElse(
            lease -> replyTo.tell(TaskOffer.newBuilder().setLease(lease).build()),
            () -> replyTo.tell(noTask("the in-flight limit is reached")));
  }

  private TaskOffer noTask(String reason) {
    return TaskOffer.newBuilder()
        .setNone(NoTask.newBuilder().setReason(reason).setRetryAfterMs(settings.retryAfter().toMillis()))
        .build();
  }

  private void onLeaseReturned(LeaseReturned r) {
    RequeueReason reason = RequeueReason.ROLLOUT_FAILED;
    for (RequeueReason candidate : RequeueReason.values()) {
      if (candidate.label().equals(r.getReason())) {
        reason = candidate;
      }
    }
    if (ledger.requeue(r.getLeaseId(), reason, clockMs.getAsLong())) {
      ctx.getLog().info("task of lease {} requeued: {} {}", r.getLeaseId(), reason.label(), r.getDetail());
    }
  }

  private void onHello(WorkerHello hello) {
    String workerId = hello.getRegistration().getWorkerId();
    ActorRef<?> ref = resolver.resolveActorRef(hello.getWorkerRef());
    ActorRef<?> previous = watched.put(workerId, ref);
    if (previous == null || !previous.equals(ref)) {
      ctx.watchWith(ref, new WorkerTerminated(workerId));
      ctx.getLog().info("worker {} ({}) joined from {}", workerId,
          hello.getRegistration().getRole(), hello.getRegistration().getAddress());
    }
  }

  private Behavior<Command> onDeliver(Deliver m) {
    m.replyTo().tell(ledger.deliver(m.leaseId(), clockMs.getAsLong()));
    return Behaviors.same();
  }

  private Behavior<Command> onTrained(Trained m) {
    ledger.trained(m.leaseIds(), m.step(), clockMs.getAsLong());
    return Behaviors.same();
  }

  private Behavior<Command> onRequeue(Requeue m) {
    ledger.requeue(m.leaseId(), m.reason(), clockMs.getAsLong());
    return Behaviors.same();
  }

  private Behavior<Command> onGetStatus(GetStatus m) {
    m.replyTo().tell(ledger.snapshot());
    return Behaviors.same();
  }

  private Behavior<Command> onCheckExpiry(CheckExpiry m) {
    List<String> expired = ledger.expire(clockMs.getAsLong());
    if (!expired.isEmpty()) {
      ctx.getLog().warn("{} lease(s) expired and were requeued: {}", expired.size(), expired);
    }
    return Behaviors.same();
  }

  private Behavior<Command> onWorkerTerminated(WorkerTerminated m) {
    watched.remove(m.workerId());
    List<String> lost = ledger.workerLost(m.workerId(), clockMs.getAsLong());
    ctx.getLog().warn("worker {} is gone; requeued its {} lease(s)", m.workerId(), lost.size());
    return Behaviors.same();
  }
}
