package org.editrl.learner.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.editrl.proto.EditTask;
import org.editrl.proto.ScoredGroup;
import org.editrl.proto.TrajectoryGroup;
import org.junit.jupiter.api.Test;

class BatchAssemblerTest {
  private static ScoredGroup group(String id, long version) {
    return ScoredGroup.newBuilder()
        .setGroup(TrajectoryGroup.newBuilder()
            .setTask(EditTask.newBuilder().setTaskId(id))
            .setPolicyVersion(version))
        .build();
  }

  @Test
  void admitsFreshGroupsAndDropsStaleOnesWithAReason() {
    BatchAssembler a = new BatchAssembler(2, 2);
    assertThat(a.offer(group("a", 5), 7)).isInstanceOf(BatchAssembler.Admission.Admitted.class);
    var dropped = a.offer(group("b", 4), 7);
    assertThat(dropped).isInstanceOf(BatchAssembler.Admission.Dropped.class);
    assertThat(((BatchAssembler.Admission.Dropped) dropped).reason())
        .contains("version 4").contains("learner at 7").contains("max staleness 2");
    assertThat(a.offer(group("c", 8), 7)).isInstanceOf(BatchAssembler.Admission.Dropped.class);
    assertThat(a.pending()).isEqualTo(1);
  }

  @Test
  void batchesAreFullAndInArrivalOrder() {
    BatchAssembler a = new BatchAssembler(2, 1);
    List<BatchAssembler.Admission.Dropped> dropped = new ArrayList<>();
    a.offer(group("a", 3), 3);
    assertThat(a.takeBatch(3, dropped)).isEmpty();
    a.offer(group("b", 3), 3);
    a.offer(group("c", 3), 3);
    List<ScoredGroup> batch = a.takeBatch(3, dropped).orElseThrow();
    assertThat(batch).extracting(g -> g.getGroup().getTask().getTaskId()).containsExactly("a", "b");
    assertThat(a.pending()).isEqualTo(1);
    assertThat(dropped).isEmpty();
  }

  @Test
  void waitingGroupsThatGoStaleAreDroppedNotTrained() {
    BatchAssembler a = new BatchAssembler(2, 1);
    List<BatchAssembler.Admission.Dropped> dropped = new ArrayList<>();
    a.offer(group("old", 3), 3);
    a.offer(group("new", 4), 4);
    // the learner moved on to version 5: "old" now lags 2 > 1
    assertThat(a.takeBatch(5, dropped)).isEmpty();
    assertThat(dropped).extracting(d -> d.group().getGroup().getTask().getTaskId()).containsExactly("old");
    assertThat(a.pending()).isEqualTo(1);
  }

  @Test
  void synchronousLoopUsesZeroStaleness() {
    BatchAssembler a = new BatchAssembler(1, 0);
    assertThat(a.offer(group("a", 2), 2)).isInstanceOf(BatchAssembler.Admission.Admitted.class);
    assertThat(a.offer(group("b", 1), 2)).isInstanceOf(BatchAssembler.Admission.Dropped.class);
  }
}
