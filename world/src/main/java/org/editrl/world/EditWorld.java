package org.editrl.world;

import java.util.ArrayList;
import java.util.List;
import org.editrl.core.RgbImage;
import org.editrl.core.Seeds;
import org.editrl.core.UserError;
import org.editrl.world.gen.Rng;
import org.editrl.world.gen.TaskGenerator;
import org.editrl.world.scene.Scene;
import org.editrl.world.scene.SceneRenderer;
import org.editrl.world.scene.Shape;

/**
 * The procedural editing world: turns (world seed, split, index) into an {@link EditTask}, the
 * same task every time on every JVM. Task {@code i} of a split draws from its own random stream
 * {@code Seeds.derive(seed, "world/<split>", i)}, so tasks can be regenerated one at a time
 * from their id ("train-42") and the two splits never share a stream.
 */
public final class EditWorld {
  /** Pixels the edit mask is grown by, so anti-aliased edges lie inside it. */
  public static final int MASK_DILATION = 1;

  private final long seed;
  private final SceneRenderer renderer;

  public EditWorld(long seed, int resolution) {
    this.seed = seed;
    this.renderer = new SceneRenderer(resolution);
  }

  /** The default 32×32 world. */
  public EditWorld(long seed) {
    this(seed, SceneRenderer.DEFAULT_RESOLUTION);
  }

  public long seed() {
    return seed;
  }

  public int resolution() {
    return renderer.resolution();
  }

  /** The id of task {@code index} of {@code split}: "train-42". */
  public static String id(Split split, long index) {
    return split.word() + "-" + index;
  }

  /** Task {@code index} (≥ 0) of {@code split}. */
  public EditTask task(Split split, long index) {
    if (index < 0) {
      throw new UserError("task index must be >= 0, got " + index);
    }
    TaskGenerator.Plan plan = plan(split, index);
    Scene source = plan.source();
    Scene target = plan.target();
    RgbImage sourceImage = renderer.render(source);
    RgbImage targetImage = renderer.render(target);
    return new EditTask(id(split, index), split, plan.category(), plan.operation(),
        plan.instruction(), plan.reasoningInstruction(), plan.directives(), sourceImage,
        targetImage, mask(source, target), source, target, seed);
  }

  /** The plan behind task {@code index} of {@code split} (scenes, edits, composition keys). */
  public TaskGenerator.Plan plan(Split split, long index) {
    if (index < 0) {
      throw new UserError("task index must be >= 0, got " + index);
    }
    return TaskGenerator.plan(new Rng(Seeds.derive(seed, "world/" + split.word(), index)), split);
  }

  /** Regenerates a task from its id ("train-42", "heldout-7"). */
  public EditTask task(String id) {
    int dash = id == null ? -1 : id.lastIndexOf('-');
    if (dash <= 0) {
      throw new UserError("bad task id '" + id + "' (expected <split>-<index>, e.g. train-42)");
    }
    Split split;
    try {
      split = Split.parse(id.substring(0, dash));
    } catch (UserError e) {
      throw new UserError("bad task id '" + id + "': " + e.getMessage());
    }
    long index;
    try {
      index = Long.parseLong(id.substring(dash + 1));
    } catch (NumberFormatException e) {
      throw new UserError("bad task id '" + id + "' (expected <split>-<index>, e.g. train-42)");
    }
    return task(split, index);
  }

  /** Tasks {@code start … start+count−1} of {@code split}. */
  public List<EditTask> tasks(Split split, long start, int count) {
    List<EditTask> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(task(split, start + i));
    }
    return out;
  }

  /**
   * The edit mask: footprints (in either scene) of every shape that is not identical in both
   * scenes, or the whole image when the background changes; dilated by {@link #MASK_DILATION}.
   * Outside it the source and target images are bit-identical.
   */
  public EditMask mask(Scene source, Scene target) {
    int n = resolution() * resolution();
    boolean[] inside = new boolean[n];
    if (source.background() != target.background()) {
      java.util.Arrays.fill(inside, true);
      return EditMask.of(resolution(), resolution(), inside);
    }
    for (Shape s : source.shapes()) {
      if (!target.shapes().contains(s)) {
        mark(inside, s);
      }
    }
    for (Shape s : target.shapes()) {
      if (!source.shapes().contains(s)) {
        mark(inside, s);
      }
    }
    return EditMask.of(resolution(), resolution(), inside).dilate(MASK_DILATION);
  }

  private void mark(boolean[] inside, Shape s) {
    float[] cov = renderer.coverage(s);
    for (int i = 0; i < cov.length; i++) {
      if (cov[i] > 0f) {
        inside[i] = true;
      }
    }
  }

  /** The renderer of this world's resolution. */
  public SceneRenderer renderer() {
    return renderer;
  }
}
