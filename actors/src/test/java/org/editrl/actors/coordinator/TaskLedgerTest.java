package org.editrl.actors.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.editrl.proto.EditTask;
import org.editrl.proto.TaskLease;
import org.junit.jupiter.api.Test;

class TaskLedgerTest {
  private static final TaskSource SOURCE =
      ordinal -> EditTask.newBuilder().setTaskId("train-" + ordinal).setOrdinal(ordinal).build();

  private final List<LedgerEvent> journal = new ArrayList<>();

  private TaskLedger ledger(int maxInFlight) {
    return new TaskLedger(SOURCE, 1_000, maxInFlight, journal::add);
  }

  @Test
  void leasesNewTasksInStreamOrderUpToTheCap() {
    TaskLedger ledger = ledger(2);
    assertThat(ledger.lease("w1", 0).orElseThrow().getTask().getTaskId()).isEqualTo("train-0");
    assertThat(ledger.lease("w2", 0).orElseThrow().getTask().getTaskId()).isEqualTo("train-1");
    assertThat(ledger.lease("w1", 0)).isEmpty();
    assertThat(ledger.snapshot().inFlight()).isEqualTo(2);
  }

  @Test
  void deliveredButUntrainedTasksStillCountAgainstTheCap() {
    TaskLedger ledger = ledger(2);
    TaskLease first = ledger.lease("w1", 0).orElseThrow();
    TaskLease second = ledger.lease("w1", 0).orElseThrow();
    assertThat(ledger.deliver(first.getLeaseId(), 1)).isTrue();
    // One group waits in the learner's buffer, one is being sampled: nothing more may go out,
    // or rollouts would run ahead of the learner and their groups would go stale.
    assertThat(ledger.lease("w1", 2)).isEmpty();
    ledger.trained(List.of(first.getLeaseId()), 1, 3);
    assertThat(ledger.lease("w1", 4)).isPresent();
    assertThat(ledger.deliver(second.getLeaseId(), 5)).isTrue();
    assertThat(ledger.lease("w1", 6)).isEmpty();
  }

  @Test
  void expiredLeasesAreRequeuedFirstAndTheirLateResultsRefused() {
    TaskLedger ledger = ledger(4);
    TaskLease first = ledger.lease("w1", 0).orElseThrow();
    ledger.lease("w1", 500).orElseThrow();
    assertThat(ledger.expire(999)).isEmpty();
    assertThat(ledger.expire(1_000)).containsExactly(first.getLeaseId());
    assertThat(ledger.deliver(first.getLeaseId(), 1_001)).isFalse();
    TaskLease again = ledger.lease("w2", 1_002).orElseThrow();
    assertThat(again.getTask().getTaskId()).isEqualTo("train-0");
    assertThat(again.getLeaseId()).isNotEqualTo(first.getLeaseId());
  }

  @Test
  void aLostWorkersLeasesAllComeBack() {
    TaskLedger ledger = ledger(8);
    ledger.lease("dead", 0);
    ledger.lease("alive", 0);
    ledger.lease("dead", 0);
    assertThat(ledger.workerLost("dead", 10)).hasSize(2);
    assertThat(ledger.snapshot().queued()).isEqualTo(2);
    assertThat(ledger.lease("alive", 11).orElseThrow().getTask().getOrdinal()).isZero();
    assertThat(ledger.lease("alive", 11).orElseThrow().getTask().getOrdinal()).isEqualTo(2);
  }

  /**
   * Random interleavings of leases, deliveries, training, stale drops, expiries and worker
   * losses: at every point each task handed out is exactly one of in flight, delivered, queued
   * or trained, and no task is trained twice.
   */
  @Test
  void noTaskIsEverLostOrTrainedTwice() {
    Random rnd = new Random(42);
    TaskLedger ledger = ledger(6);
    List<String> live = new ArrayList<>();
    List<String> delivered = new ArrayList<>();
    long now = 0;
    long step = 0;
    for (int i = 0; i < 5_000; i++) {
      now += rnd.nextInt(200);
      switch (rnd.nextInt(6)) {
        case 0, 1 -> ledger.lease("w" + rnd.nextInt(3), now).ifPresent(l -> live.add(l.getLeaseId()));
        case 2 -> {
          if (!live.isEmpty()) {
            String id = live.remove(rnd.nextInt(live.size()));
            if (ledger.deliver(id, now)) {
              delivered.add(id);
            }
          }
        }
        case 3 -> {
          if (delivered.size() >= 2) {
            ledger.trained(List.copyOf(delivered), ++step, now);
            delivered.clear();
          }
        }
        case 4 -> {
          if (!delivered.isEmpty()) {
            ledger.requeue(delivered.remove(0), RequeueReason.STALE, now);
          }
        }
        default -> {
          if (rnd.nextBoolean()) {
            ledger.expire(now);
          } else {
            ledger.workerLost("w" + rnd.nextInt(3), now);
          }
        }
      }
      TaskLedger.Snapshot s = ledger.snapshot();
      assertThat((long) s.inFlight() + s.delivered() + s.queued() + s.trained()).isEqualTo(s.cursor());
    }
    Map<Long, Integer> trainedCount = new HashMap<>();
    for (LedgerEvent e : journal) {
      if (e.kind().equals(LedgerEvent.TRAINED)) {
        trainedCount.merge(e.ordinal(), 1, Integer::sum);
      }
    }
    assertThat(trainedCount.values()).allMatch(c -> c == 1);
    assertThat(trainedCount).isNotEmpty();
  }

  @Test
  void recoveryKeepsCheckpointedTrainingAndRequeuesTheRest() {
    TaskLedger ledger = ledger(8);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(ledger.lease("w", 0).orElseThrow().getLeaseId());
    }
    ledger.deliver(ids.get(0), 1);
    ledger.deliver(ids.get(1), 1);
    ledger.trained(List.of(ids.get(0), ids.get(1)), 1, 2);
    ledger.deliver(ids.get(2), 3);
    ledger.trained(List.of(ids.get(2)), 2, 4); // after the checkpoint at step 1
    ledger.deliver(ids.get(3), 5); // delivered, never trained
    // ids.get(4) still leased when the learner died

    List<LedgerEvent> after = new ArrayList<>();
    TaskLedger resumed =
        TaskLedger.recover(SOURCE, 1_000, 8, after::add, List.copyOf(journal), 1, 100);
    assertThat(resumed.snapshot().trained()).isEqualTo(2);
    assertThat(resumed.snapshot().queued()).isEqualTo(3);
    assertThat(resumed.snapshot().cursor()).isEqualTo(5);
    Set<Long> handedAgain = new HashSet<>();
    for (int i = 0; i < 4; i++) {
      handedAgain.add(resumed.lease("w", 101).orElseThrow().getTask().getOrdinal());
    }
    assertThat(handedAgain).containsExactlyInAnyOrder(2L, 3L, 4L, 5L);
    assertThat(after).filteredOn(e -> e.kind().equals(LedgerEvent.REQUEUED))
        .extracting(LedgerEvent::reason).containsOnly("resumed");
  }
}
