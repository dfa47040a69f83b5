package org.editrl.world.gen;

import java.util.ArrayList;
import java.util.List;
import org.editrl.world.scene.Scene;
import org.editrl.world.scene.Shape;

/**
 * Exact captions of scenes, for caption-conditioned editing (FlowEdit/NaviEdit take a source and
 * a target caption): "a small red circle in the top left and a large blue square in the centre
 * on a grey background". Shapes in reading order; every word is in the world's vocabulary.
 */
public final class Captions {
  private Captions() {}

  public static String of(Scene scene) {
    List<String> parts = new ArrayList<>();
    for (Shape s : scene.shapes()) {
      parts.add("a " + s.describe() + " in the " + s.cell().word());
    }
    String background = "a " + scene.background().word() + " background";
    if (parts.isEmpty()) {
      return "an empty " + scene.background().word() + " background";
    }
    String shapes = parts.size() == 1 ? parts.get(0)
        : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    return shapes + " on " + background;
  }
}
