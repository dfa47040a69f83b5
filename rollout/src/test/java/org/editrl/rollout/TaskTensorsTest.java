package org.editrl.rollout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.editrl.core.RgbImage;
import org.editrl.model.Conditioning;
import org.editrl.world.Category;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import org.editrl.world.Vocabulary;
import org.junit.jupiter.api.Test;

class TaskTensorsTest {
  private static RgbImage image(long seed, int w, int h) {
    float[] d = GaussianNoise.standardNormal(seed, 3 * w * h);
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.abs(d[i]) % 1f;
    }
    return new RgbImage(w, h, d);
  }

  @Test
  void imagesRoundTripThroughArraysInPlanarLayout() {
    RgbImage a = image(1, 5, 3);
    RgbImage b = image(2, 5, 3);
    try (NDManager m = NDManager.newBaseManager()) {
      NDArray one = TaskTensors.image(m, a);
      assertThat(one.getShape()).isEqualTo(new Shape(3, 3, 5));
      assertThat(one.getFloat(2, 1, 4)).isEqualTo(a.get(2, 1, 4));
      assertThat(TaskTensors.toImage(one)).isEqualTo(a);
      NDArray batch = TaskTensors.images(m, List.of(a, b));
      assertThat(batch.getShape()).isEqualTo(new Shape(2, 3, 3, 5));
      assertThat(TaskTensors.toImages(batch)).containsExactly(a, b);
      assertThatThrownBy(() -> TaskTensors.images(m, List.of(a, image(3, 4, 3)))).hasMessageContaining("sizes differ");
    }
  }

  @Test
  void conditioningCarriesSourcesAndTheChosenPhrasingsTokens() {
    EditTask t1 = EditTask.ofUserData("u-1", Split.TRAIN, Category.FACTUAL, "make it red", "make it the colour of blood", List.of(), image(4, 4, 4), null, null);
    EditTask t2 = EditTask.ofUserData("u-2", Split.TRAIN, Category.FACTUAL, "remove the square", null, List.of(), image(5, 4, 4), null, null);
    // A stand-in encoder: the word count and the length of the first word, padded to 3.
    java.util.function.Function<String, int[]> encoder = s -> new int[] {s.split(" ").length, s.split(" ")[0].length(), 0};
    try (NDManager m = NDManager.newBaseManager()) {
      Conditioning simple = TaskTensors.conditioning(m, List.of(t1, t2), encoder, false);
      assertThat(simple.source().getShape()).isEqualTo(new Shape(2, 3, 4, 4));
      assertThat(TaskTensors.toImages(simple.source())).containsExactly(t1.source(), t2.source());
      assertThat(simple.tokens().getDataType()).isEqualTo(DataType.INT32);
      assertThat(simple.tokens().toIntArray()).containsExactly(3, 4, 0, 3, 6, 0);
      Conditioning reasoning = TaskTensors.conditioning(m, List.of(t1, t2), encoder, true);
      assertThat(reasoning.tokens().toIntArray()).containsExactly(6, 4, 0, 3, 6, 0);
    }
  }

  @Test
  void wireTasksAndWorldTasksConditionAlike() {
    Vocabulary v = Vocabulary.world();
    EditTask task = new EditWorld(3, 16).task(Split.TRAIN, 5);
    org.editrl.proto.EditTask wire =
        org.editrl.proto.EditTask.newBuilder()
            .setTaskId(task.id())
            .setInstruction(task.instruction())
            .setSourceImage(ProtoTensors.ofFloats(new long[] {3, 16, 16}, task.source().data()))
            .build();
    try (NDManager m = NDManager.newBaseManager()) {
      Conditioning local = TaskTensors.conditioning(m, List.of(task), v, 12, false);
      Conditioning remote = TaskTensors.conditioning(m, wire, v, 12);
      assertThat(local.tokens().getShape()).isEqualTo(new Shape(1, 12));
      assertThat(local.tokens().toIntArray()).isEqualTo(v.encode(task.instruction(), 12)).isEqualTo(remote.tokens().toIntArray());
      assertThat(local.tokens().toIntArray()[0]).isGreaterThan(Vocabulary.UNK);
      assertThat(remote.source().getShape()).isEqualTo(new Shape(1, 3, 16, 16));
      assertThat(remote.source().toFloatArray()).isEqualTo(local.source().toFloatArray());
    }
  }
}
