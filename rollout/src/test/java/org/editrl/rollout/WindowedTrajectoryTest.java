package org.editrl.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.editrl.model.Conditioning;
import org.editrl.model.flow.SdeSettings;
import org.editrl.model.flow.TimeGrid;
import org.editrl.proto.EditTask;
import org.editrl.proto.TrajectoryGroup;
import org.junit.jupiter.api.Test;

class WindowedTrajectoryTest {
  @Test
  void protoRoundTripIsBitExact() throws Exception {
    try (NDManager m = NDManager.newBaseManager()) {
      Conditioning c =
          new Conditioning(
              m.create(GaussianNoise.standardNormal(3, 3 * 4 * 4), new Shape(1, 3, 4, 4)),
              m.zeros(new Shape(1, 5), ai.djl.ndarray.types.DataType.INT32));
      SdeSettings sde = new SdeSettings(0.5f, false, 0.8f, 2);
      WindowedTrajectory w =
          new GroupSampler(AnalyticFields.gaussian(0.2f), TimeGrid.uniform(6), sde).sampleGroup(m, c, 3, 2, 2, 99L);
      EditTask task = EditTask.newBuilder().setTaskId("train-7").setInstruction("make the circle red").build();

      TrajectoryGroup proto = w.toProto(task, 12L);
      TrajectoryGroup parsed = TrajectoryGroup.parseFrom(proto.toByteArray());
      WindowedTrajectory back = WindowedTrajectory.fromProto(parsed, m);

      assertThat(parsed.getTask()).isEqualTo(task);
      assertThat(parsed.getPolicyVersion()).isEqualTo(12L);
      assertThat(parsed.getSamplesCount()).isEqualTo(3);
      assertThat(parsed.getSamples(0).getStates().getShapeList()).containsExactly(3L, 3L, 4L, 4L);
      assertThat(parsed.getSamples(0).getLogProbs().getShapeList()).containsExactly(2L);
      assertThat(back.windowStart()).isEqualTo(2);
      assertThat(back.windowLength()).isEqualTo(2);
      assertThat(back.grid()).isEqualTo(TimeGrid.uniform(6));
      assertThat(back.sde()).isEqualTo(sde);
      assertThat(back.noiseSeeds()).isEqualTo(w.noiseSeeds());
      assertThat(back.states().getShape()).isEqualTo(w.states().getShape());
      assertThat(back.states().toFloatArray()).isEqualTo(w.states().toFloatArray());
      assertThat(back.noises().toFloatArray()).isEqualTo(w.noises().toFloatArray());
      assertThat(back.logProbs().toFloatArray()).isEqualTo(w.logProbs().toFloatArray());
      assertThat(back.finals().toFloatArray()).isEqualTo(w.finals().toFloatArray());
      assertThat(back.toProto(task, 12L)).isEqualTo(proto);
    }
  }

  @Test
  void aGroupWithoutTheClampFieldReadsTheDefault() {
    try (NDManager m = NDManager.newBaseManager()) {
      Conditioning c = new Conditioning(m.zeros(new Shape(1, 3, 2, 2)), m.zeros(new Shape(1, 2)));
      WindowedTrajectory w =
          new GroupSampler(AnalyticFields.gaussian(0.2f), TimeGrid.uniform(4), SdeSettings.defaults().withNoiseLevel(0.3f))
              .sampleGroup(m, c, 2, 0, 1, 1L);
      TrajectoryGroup old = w.toProto(EditTask.getDefaultInstance(), 0).toBuilder().clearSigmaTClamp()
          .clearNoiseBlock().build();
      assertThat(WindowedTrajectory.fromProto(old, m).sde().tClamp()).isEqualTo(SdeSettings.DEFAULT_T_CLAMP);
      assertThat(WindowedTrajectory.fromProto(old, m).sde().noiseBlock()).isEqualTo(1);
      assertThatThrownBy(() -> WindowedTrajectory.fromProto(old.toBuilder().clearSamples().build(), m))
          .hasMessageContaining("no samples");
    }
  }
}
