package org.editrl.world;

import java.util.List;
import java.util.Objects;
import org.editrl.core.RgbImage;
import org.editrl.world.scene.Scene;

/**
 * One instruction-guided edit, from the world or from users' data.
 *
 * @param id stable id, unique within a split or manifest ("train-42" for world tasks)
 * @param split which stream it belongs to (users' data: from the manifest, default train)
 * @param category Kris-Bench category (users' data: from the manifest, default factual)
 * @param operation what the edit does ({@link Operation#CUSTOM} for users' data)
 * @param instruction the simple phrasing: the directives joined by ", then "
 * @param reasoningInstruction the reasoning phrasing (users' data: same as the instruction
 *     unless the manifest gives one)
 * @param directives the ordered simple directives (ground truth of the decomposer); empty for
 *     users' data unless the manifest gives them
 * @param source the image to edit
 * @param target the ground-truth edited image, or null (users' data without a target)
 * @param mask where the edit may change the image, or null when unknown
 * @param sourceScene the source scene, or null (users' data)
 * @param targetScene the target scene, or null (users' data)
 * @param worldSeed the world seed that regenerates the task with {@link EditWorld#task(String)};
 *     0 for users' data
 */
public record EditTask(
    String id,
    Split split,
    Category category,
    Operation operation,
    String instruction,
    String reasoningInstruction,
    List<String> directives,
    RgbImage source,
    RgbImage target,
    EditMask mask,
    Scene sourceScene,
    Scene targetScene,
    long worldSeed) {

  public EditTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(instruction, "instruction");
    Objects.requireNonNull(source, "source");
    if (id.isBlank()) {
      throw new IllegalArgumentException("task id must not be blank");
    }
    if (reasoningInstruction == null || reasoningInstruction.isBlank()) {
      reasoningInstruction = instruction;
    }
    directives = directives == null ? List.of() : List.copyOf(directives);
    if (target != null && !sameSize(source, target)) {
      throw new IllegalArgumentException(
          "task " + id + ": target " + target + " does not match source " + source);
    }
    if (mask != null && (mask.width() != source.width() || mask.height() != source.height())) {
      throw new IllegalArgumentException(
          "task " + id + ": mask " + mask + " does not match source " + source);
    }
  }

  /** Users' data: source, instruction, optional target and mask; no scenes, seed 0. */
  public static EditTask ofUserData(String id, Split split, Category category, String instruction,
      String reasoningInstruction, List<String> directives, RgbImage source, RgbImage target,
      EditMask mask) {
    return new EditTask(id, split, category, Operation.CUSTOM, instruction, reasoningInstruction,
        directives, source, target, mask, null, null, 0L);
  }

  public boolean hasTarget() {
    return target != null;
  }

  public boolean hasMask() {
    return mask != null;
  }

  /** True for world tasks (scenes known, so exact regeneration and rule decomposition work). */
  public boolean hasScenes() {
    return sourceScene != null && targetScene != null;
  }

  public int width() {
    return source.width();
  }

  public int height() {
    return source.height();
  }

  private static boolean sameSize(RgbImage a, RgbImage b) {
    return a.width() == b.width() && a.height() == b.height();
  }

  @Override
  public String toString() {
    return "EditTask[" + id + ", " + category.word() + "/" + operation.word() + ": " + instruction + "]";
  }
}
