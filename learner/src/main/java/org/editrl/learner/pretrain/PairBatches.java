package org.editrl.learner.pretrain;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.editrl.core.RgbImage;
import org.editrl.core.Seeds;
import org.editrl.model.Conditioning;
import org.editrl.rollout.TaskTensors;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import org.editrl.world.Vocabulary;

/**
 * Training batches from the world's train split: batch {@code s} holds train tasks
 * {@code s·B … s·B+B−1} (a fresh stream, never repeated, never a held-out composition),
 * conditioned on the simple phrasing; a caption batch pairs each target image with its caption
 * and no source.
 */
public final class PairBatches {
  /**
   * One batch: clean targets {@code x0 [B,3,H,W]}, what they are conditioned on, and the edit
   * masks {@code [B,1,H,W]} (all zero for caption batches and tasks without a mask).
   */
  public record Batch(NDArray x0, Conditioning conditioning, NDArray editMask, boolean captionOnly) {}

  private final EditWorld world;
  private final Vocabulary vocabulary;
  private final int batchSize;
  private final int maxTokens;
  private final double captionFraction;
  private final long seed;

  public PairBatches(EditWorld world, Vocabulary vocabulary, int batchSize, int maxTokens,
      double captionFraction, long seed) {
    this.world = world;
    this.vocabulary = vocabulary;
    this.batchSize = batchSize;
    this.maxTokens = maxTokens;
    this.captionFraction = captionFraction;
    this.seed = seed;
  }

  public boolean isCaptionBatch(long step) {
    return new Random(Seeds.derive(seed, "caption-batch", step)).nextDouble() < captionFraction;
  }

  public Batch batch(NDManager m, long step) {
    List<EditTask> tasks = world.tasks(Split.TRAIN, step * batchSize, batchSize);
    List<RgbImage> targets = new ArrayList<>(tasks.size());
    for (EditTask t : tasks) {
      targets.add(t.target());
    }
    NDArray x0 = TaskTensors.images(m, targets);
    int h = world.resolution();
    float[] masks = new float[tasks.size() * h * h];
    if (!isCaptionBatch(step)) {
      for (int b = 0; b < tasks.size(); b++) {
        if (tasks.get(b).hasMask()) {
          System.arraycopy(tasks.get(b).mask().values(), 0, masks, b * h * h, h * h);
        }
      }
      return new Batch(x0, TaskTensors.conditioning(m, tasks, vocabulary, maxTokens, false),
          m.create(masks, new Shape(tasks.size(), 1, h, h)), false);
    }
    int[][] ids = new int[tasks.size()][];
    for (int b = 0; b < tasks.size(); b++) {
      ids[b] = vocabulary.encode(Captions.of(tasks.get(b).targetScene()), maxTokens);
    }
    return new Batch(x0, new Conditioning(null, TaskTensors.tokens(m, ids)),
        m.create(masks, new Shape(tasks.size(), 1, h, h)), true);
  }
}
