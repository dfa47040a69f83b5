package org.editrl.learner.pipeline;

import org.editrl.core.UserError;
import org.editrl.proto.Category;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;

/**
 * World tasks on the wire. A task travels as its id and world seed (plus phrasings for logs and
 * other judges); every node regenerates the images from the seed, so no image crosses a JVM.
 */
public final class WorldTasks {
  private WorldTasks() {}

  public static org.editrl.proto.EditTask toProto(EditTask task, long ordinal) {
    return org.editrl.proto.EditTask.newBuilder()
        .setTaskId(task.id())
        .setOrdinal(ordinal)
        .setSplit(task.split().name().toLowerCase())
        .setCategory(Category.valueOf(task.category().name()))
        .setInstruction(task.instruction())
        .setReasoningInstruction(task.reasoningInstruction())
        .addAllDirectives(task.directives())
        .setWorldSeed(task.worldSeed())
        .build();
  }

  /** Regenerates the task; a task from another world is refused (the nodes' configs differ). */
  public static EditTask fromProto(org.editrl.proto.EditTask task, EditWorld world) {
    if (task.getWorldSeed() != world.seed()) {
      throw new UserError("task " + task.getTaskId() + " comes from world seed "
          + task.getWorldSeed() + " but this node's world has seed " + world.seed()
          + ": start every node with the same run config");
    }
    return world.task(task.getTaskId());
  }
}
