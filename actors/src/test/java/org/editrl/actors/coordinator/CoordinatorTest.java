package org.editrl.actors.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.ManualTime;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.editrl.proto.CoordinatorRequest;
import org.editrl.proto.EditTask;
import org.editrl.proto.TaskOffer;
import org.editrl.proto.TaskRequest;
import org.editrl.proto.WorkerHello;
import org.editrl.proto.WorkerRegistration;
import org.editrl.proto.WorkerRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CoordinatorTest {
  private final ActorTestKit kit = ActorTestKit.create(ManualTime.config());
  private final ManualTime time = ManualTime.get(kit.system());
  private final AtomicLong clock = new AtomicLong();
  private final List<LedgerEvent> journal = new ArrayList<>();
  private final ActorRefResolver resolver = ActorRefResolver.get(kit.system());

  @AfterEach
  void shutdown() {
    kit.shutdownTestKit();
  }

  private ActorRef<Coordinator.Command> start(int maxInFlight) {
    TaskSource source = o -> EditTask.newBuilder().setTaskId("train-" + o).setOrdinal(o).build();
    TaskLedger ledger = new TaskLedger(source, 10_000, maxInFlight, journal::add);
    var settings = new Coordinator.Settings(
        Duration.ofSeconds(10), maxInFlight, Duration.ofSeconds(1), Duration.ofMillis(250));
    return kit.spawn(Coordinator.create(settings, ledger, clock::get));
  }

  /** The Coordinator's remote face, found as a worker on another node would find it. */
  private ActorRef<CoordinatorRequest> remoteFace() {
    TestProbe<Receptionist.Listing> listings = kit.createTestProbe();
    return listings.awaitAssert(() -> {
      kit.system().receptionist().tell(Receptionist.find(Coordinator.KEY, listings.ref()));
      var instances = listings.receiveMessage().getServiceInstances(Coordinator.KEY);
      assertThat(instances).hasSize(1);
      return instances.iterator().next();
    });
  }

  private TaskOffer ask(ActorRef<CoordinatorRequest> coordinator, String worker) {
    TestProbe<TaskOffer> replies = kit.createTestProbe();
    coordinator.tell(CoordinatorRequest.newBuilder()
        .setTaskRequest(TaskRequest.newBuilder()
            .setWorkerId(worker)
            .setReplyTo(resolver.toSerializationFormat(replies.ref())))
        .build());
    return replies.receiveMessage();
  }

  private TaskLedger.Snapshot status(ActorRef<Coordinator.Command> coordinator) {
    TestProbe<TaskLedger.Snapshot> probe = kit.createTestProbe();
    coordinator.tell(new Coordinator.GetStatus(probe.ref()));
    return probe.receiveMessage();
  }

  @Test
  void workersPullLeasesUntilTheInFlightCap() {
    start(2);
    ActorRef<CoordinatorRequest> face = remoteFace();
    assertThat(ask(face, "w1").getLease().getTask().getTaskId()).isEqualTo("train-0");
    assertThat(ask(face, "w2").getLease().getTask().getTaskId()).isEqualTo("train-1");
    TaskOffer none = ask(face, "w1");
    assertThat(none.hasNone()).isTrue();
    assertThat(none.getNone().getReason()).contains("in-flight");
    assertThat(none.getNone().getRetryAfterMs()).isEqualTo(250);
  }

  @Test
  void expiredLeasesAreRequeuedByTheTimerAndLateDeliveriesRefused() {
    ActorRef<Coordinator.Command> coordinator = start(4);
    ActorRef<CoordinatorRequest> face = remoteFace();
    String lease = ask(face, "slow").getLease().getLeaseId();
    clock.set(10_000);
    time.timePasses(Duration.ofSeconds(1));
    assertThat(status(coordinator).queued()).isEqualTo(1);
    TestProbe<Boolean> admitted = kit.createTestProbe();
    coordinator.tell(new Coordinator.Deliver(lease, admitted.ref()));
    assertThat(admitted.receiveMessage()).isFalse();
    assertThat(ask(face, "fast").getLease().getTask().getTaskId()).isEqualTo("train-0");
  }

  @Test
  void aDeadWorkersLeasesAreRequeuedAtOnce() {
    ActorRef<Coordinator.Command> coordinator = start(4);
    ActorRef<CoordinatorRequest> face = remoteFace();
    ActorRef<Object> worker = kit.spawn(Behaviors.empty(), "rollout-1");
    face.tell(CoordinatorRequest.newBuilder()
        .setHello(WorkerHello.newBuilder()
            .setRegistration(WorkerRegistration.newBuilder().setWorkerId("rollout-1").setRole(WorkerRole.ROLLOUT))
            .setWorkerRef(resolver.toSerializationFormat(worker)))
        .build());
    ask(face, "rollout-1");
    ask(face, "rollout-1");
    kit.stop(worker);
    TestProbe<TaskLedger.Snapshot> probe = kit.createTestProbe();
    probe.awaitAssert(() -> {
      coordinator.tell(new Coordinator.GetStatus(probe.ref()));
      assertThat(probe.receiveMessage().queued()).isEqualTo(2);
      return null;
    });
    assertThat(journal).filteredOn(e -> e.kind().equals(LedgerEvent.REQUEUED))
        .extracting(LedgerEvent::reason).containsOnly("worker_lost");
  }

  @Test
  void deliveredAndTrainedLeasesAreRecordedAndDrainStopsHandingOut() {
    ActorRef<Coordinator.Command> coordinator = start(4);
    ActorRef<CoordinatorRequest> face = remoteFace();
    String lease = ask(face, "w").getLease().getLeaseId();
    TestProbe<Boolean> admitted = kit.createTestProbe();
    coordinator.tell(new Coordinator.Deliver(lease, admitted.ref()));
    assertThat(admitted.receiveMessage()).isTrue();
    coordinator.tell(new Coordinator.Trained(List.of(lease), 3));
    assertThat(status(coordinator).trained()).isEqualTo(1);
    coordinator.tell(new Coordinator.Drain());
    assertThat(ask(face, "w").getNone().getReason()).contains("stopping");
  }
}
