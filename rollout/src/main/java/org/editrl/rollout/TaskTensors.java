package org.editrl.rollout;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.editrl.core.RgbImage;
import org.editrl.model.Conditioning;
import org.editrl.world.EditTask;
import org.editrl.world.Vocabulary;

/** Tasks and images as the tensors the policy consumes: {@code RgbImage ↔ [3,H,W]}, tasks → {@link Conditioning}. */
public final class TaskTensors {
  private TaskTensors() {}

  /** An image as a float32 {@code [3,H,W]} array in {@code m}. */
  public static NDArray image(NDManager m, RgbImage image) {
    return m.create(image.data(), new Shape(RgbImage.CHANNELS, image.height(), image.width()));
  }

  /** Equally sized images as a float32 {@code [B,3,H,W]} array in {@code m}. */
  public static NDArray images(NDManager m, List<RgbImage> images) {
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no images to batch");
    }
    RgbImage first = images.get(0);
    int size = RgbImage.CHANNELS * first.height() * first.width();
    float[] all = new float[images.size() * size];
    for (int b = 0; b < images.size(); b++) {
      RgbImage img = images.get(b);
      if (img.width() != first.width() || img.height() != first.height()) {
        throw new IllegalArgumentException("cannot batch " + img + " with " + first + ": sizes differ");
      }
      System.arraycopy(img.data(), 0, all, b * size, size);
    }
    return m.create(all, new Shape(images.size(), RgbImage.CHANNELS, first.height(), first.width()));
  }

  /** A {@code [3,H,W]} array as an image (values as they are; clamp with {@link RgbImage#clamped()}). */
  public static RgbImage toImage(NDArray chw) {
    Shape s = chw.getShape();
    if (s.dimension() != 3 || s.get(0) != RgbImage.CHANNELS) {
      throw new IllegalArgumentException("expected a [3,H,W] image array, got " + s);
    }
    return new RgbImage((int) s.get(2), (int) s.get(1), chw.toType(DataType.FLOAT32, false).toFloatArray());
  }

  /** A {@code [B,3,H,W]} array as B images. */
  public static List<RgbImage> toImages(NDArray bchw) {
    Shape s = bchw.getShape();
    if (s.dimension() != 4 || s.get(1) != RgbImage.CHANNELS) {
      throw new IllegalArgumentException("expected a [B,3,H,W] image batch, got " + s);
    }
    int b = (int) s.get(0);
    int h = (int) s.get(2);
    int w = (int) s.get(3);
    float[] all = bchw.toFloatArray();
    int size = RgbImage.CHANNELS * h * w;
    List<RgbImage> out = new ArrayList<>(b);
    for (int i = 0; i < b; i++) {
      float[] one = new float[size];
      System.arraycopy(all, i * size, one, 0, size);
      out.add(new RgbImage(w, h, one));
    }
    return out;
  }

  /**
   * The conditioning of a batch of tasks: sources {@code [B,3,H,W]} and the chosen phrasing's
   * word ids {@code [B,maxTokens]} int32 from {@link Vocabulary#encode}.
   *
   * @param reasoning condition on the reasoning phrasing instead of the simple one
   */
  public static Conditioning conditioning(
      NDManager m, List<EditTask> tasks, Vocabulary v, int maxTokens, boolean reasoning) {
    return conditioning(m, tasks, text -> v.encode(text, maxTokens), reasoning);
  }

  /**
   * The batch-1 conditioning of a task received on the wire: its source image and its
   * instruction tokens (the cached {@code instruction_tokens} when present, else the instruction
   * encoded with {@code v}).
   */
  public static Conditioning conditioning(
      NDManager m, org.editrl.proto.EditTask task, Vocabulary v, int maxTokens) {
    NDArray source = ProtoTensors.fromProto(m, task.getSourceImage());
    if (source.getShape().dimension() != 3 || source.getShape().get(0) != RgbImage.CHANNELS) {
      throw new IllegalArgumentException(
          "task " + task.getTaskId() + ": source image must be [3,H,W], got " + source.getShape());
    }
    int[] ids =
        task.hasInstructionTokens()
            ? ProtoTensors.fromProto(m, task.getInstructionTokens()).toIntArray()
            : v.encode(task.getInstruction(), maxTokens);
    return new Conditioning(source.expandDims(0), tokens(m, new int[][] {ids}));
  }

  /**
   * Same, with any encoder.
   *
   * @param encoder text → exactly {@code L} token ids (0-padded), e.g. {@code Vocabulary::encode}
   * @param reasoning condition on the reasoning phrasing instead of the simple one
   */
  public static Conditioning conditioning(
      NDManager m, List<EditTask> tasks, Function<String, int[]> encoder, boolean reasoning) {
    if (tasks.isEmpty()) {
      throw new IllegalArgumentException("no tasks to condition on");
    }
    List<RgbImage> sources = new ArrayList<>(tasks.size());
    int[][] ids = new int[tasks.size()][];
    for (int b = 0; b < tasks.size(); b++) {
      EditTask t = tasks.get(b);
      sources.add(t.source());
      ids[b] = encoder.apply(reasoning ? t.reasoningInstruction() : t.instruction());
    }
    return new Conditioning(images(m, sources), tokens(m, ids));
  }

  /** Token rows of equal length L as an int32 {@code [B,L]} array. */
  public static NDArray tokens(NDManager m, int[][] ids) {
    int length = ids[0].length;
    int[] flat = new int[ids.length * length];
    for (int b = 0; b < ids.length; b++) {
      if (ids[b].length != length) {
        throw new IllegalArgumentException("token rows differ in length: " + ids[b].length + " vs " + length);
      }
      System.arraycopy(ids[b], 0, flat, b * length, length);
    }
    return m.create(flat, new Shape(ids.length, length));
  }
}
