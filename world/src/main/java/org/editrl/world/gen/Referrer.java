package org.editrl.world.gen;

import org.editrl.world.scene.Cell;
import org.editrl.world.scene.Scene;
import org.editrl.world.scene.Shape;

/**
 * Referring expressions: the shortest description that picks out one shape of a scene. The
 * canonical form tries, in order, "the circle", "the red circle", "the small circle", "the
 * small red circle", and falls back to "the red circle in the top left", which is always unique.
 */
public final class Referrer {
  private Referrer() {}

  /** The canonical unique reference to {@code s} in {@code scene}. */
  public static String refer(Scene scene, Shape s) {
    String kind = s.kind().word();
    if (scene.count(o -> o.kind() == s.kind()) == 1) {
      return "the " + kind;
    }
    if (scene.count(o -> o.kind() == s.kind() && o.colour() == s.colour()) == 1) {
      return "the " + s.colour().word() + " " + kind;
    }
    if (scene.count(o -> o.kind() == s.kind() && o.size() == s.size()) == 1) {
      return "the " + s.size().word() + " " + kind;
    }
    if (scene.count(o -> o.kind() == s.kind() && o.size() == s.size()
        && o.colour() == s.colour()) == 1) {
      return "the " + s.describe();
    }
    return "the " + s.colour().word() + " " + kind + " in the " + s.cell().word();
  }

  /** The positional reference "the shape in the top left". */
  public static String byCell(Cell cell) {
    return "the shape in the " + cell.word();
  }
}
