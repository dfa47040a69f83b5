package org.editrl.learner.pretrain;

import java.util.ArrayList;
import java.util.List;
import org.editrl.world.scene.Scene;
import org.editrl.world.scene.Shape;

/**
 * Captions for caption-only training, in world vocabulary only: "beige background, small red
 * circle top left, large blue square middle". Shapes in scene order.
 */
public final class Captions {
  private Captions() {}

  public static String of(Scene scene) {
    List<String> parts = new ArrayList<>();
    parts.add(scene.background().word() + " background");
    for (Shape s : scene.shapes()) {
      parts.add(s.describe() + " " + s.cell().word());
    }
    return String.join(", ", parts);
  }
}
