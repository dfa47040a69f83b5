package org.editrl.world.gen;

import java.util.ArrayList;
import java.util.List;
import org.editrl.world.scene.Cell;
import org.editrl.world.scene.Colour;
import org.editrl.world.scene.Scene;
import org.editrl.world.scene.Shape;
import org.editrl.world.scene.ShapeKind;
import org.editrl.world.scene.Size;

/**
 * A primitive edit of a scene. Shapes are addressed by their cell (one shape per cell). Each
 * edit knows how to apply itself, its canonical simple directive (the phrasing the policy is
 * trained on, with the shortest unique reference computed against the scene it applies to), and
 * its composition keys (attribute × operation pairs, see {@link Compositions}).
 */
public sealed interface Edit {
  /** The edited scene; throws {@link IllegalArgumentException} if the edit does not apply. */
  Scene apply(Scene before);

  /** The canonical simple directive, e.g. "make the red circle blue". */
  String directive(Scene before);

  /** Attribute × operation keys, e.g. "recolour:circle>blue". */
  List<String> keys(Scene before);

  /** Applies the edits in order. */
  static Scene applyAll(Scene scene, List<? extends Edit> edits) {
    Scene s = scene;
    for (Edit e : edits) {
      s = e.apply(s);
    }
    return s;
  }

  /** The directives of the edits in order, each phrased against the scene it applies to. */
  static List<String> directives(Scene scene, List<? extends Edit> edits) {
    List<String> out = new ArrayList<>();
    Scene s = scene;
    for (Edit e : edits) {
      out.add(e.directive(s));
      s = e.apply(s);
    }
    return out;
  }

  /** The composition keys of all edits in order. */
  static List<String> keys(Scene scene, List<? extends Edit> edits) {
    List<String> out = new ArrayList<>();
    Scene s = scene;
    for (Edit e : edits) {
      out.addAll(e.keys(s));
      s = e.apply(s);
    }
    return out;
  }

  record Recolour(Cell cell, Colour to) implements Edit {
    @Override
    public Scene apply(Scene before) {
      Shape s = before.shapeAt(cell);
      if (s.colour() == to) {
        throw new IllegalArgumentException("the " + s.kind().word() + " is already " + to.word());
      }
      return before.replace(cell, s.withColour(to));
    }

    @Override
    public String directive(Scene before) {
      return "make " + Referrer.refer(before, before.shapeAt(cell)) + " " + to.word();
    }

    @Override
    public List<String> keys(Scene before) {
      return List.of("recolour:" + before.shapeAt(cell).kind().word() + ">" + to.word());
    }
  }

  record Resize(Cell cell, Size to) implements Edit {
    @Override
    public Scene apply(Scene before) {
      Shape s = before.shapeAt(cell);
      if (s.size() == to) {
        throw new IllegalArgumentException("the " + s.kind().word() + " is already " + to.word());
      }
      return before.replace(cell, s.withSize(to));
    }

    @Override
    public String directive(Scene before) {
      return "make " + Referrer.refer(before, before.shapeAt(cell)) + " " + to.word();
    }

    @Override
    public List<String> keys(Scene before) {
      return List.of("resize:" + before.shapeAt(cell).kind().word() + ">" + to.word());
    }
  }

  record Reshape(Cell cell, ShapeKind to) implements Edit {
    @Override
    public Scene apply(Scene before) {
      Shape s = before.shapeAt(cell);
      if (s.kind() == to) {
        throw new IllegalArgumentException("the shape is already a " + to.word());
      }
      return before.replace(cell, s.withKind(to));
    }

    @Override
    public String directive(Scene before) {
      return "turn " + Referrer.refer(before, before.shapeAt(cell)) + " into a " + to.word();
    }

    @Override
    public List<String> keys(Scene before) {
      return List.of("reshape:" + before.shapeAt(cell).kind().word() + ">" + to.word());
    }
  }

  record Remove(Cell cell) implements Edit {
    @Override
    public Scene apply(Scene before) {
      return before.without(cell);
    }

    @Override
    public String directive(Scene before) {
      return "remove " + Referrer.refer(before, before.shapeAt(cell));
    }

    @Override
    public List<String> keys(Scene before) {
      Shape s = before.shapeAt(cell);
      return List.of("remove:" + s.colour().word() + " " + s.kind().word());
    }
  }

  record Add(Shape shape) implements Edit {
    @Override
    public Scene apply(Scene before) {
      return before.with(shape);
    }

    @Override
    public String directive(Scene before) {
      return "add a " + shape.describe() + " in the " + shape.cell().word();
    }

    @Override
    public List<String> keys(Scene before) {
      return List.of("add:" + shape.colour().word() + " " + shape.kind().word());
    }
  }

  record Move(Cell from, Cell to) implements Edit {
    @Override
    public Scene apply(Scene before) {
      Shape s = before.shapeAt(from);
      if (!before.isEmpty(to)) {
        throw new IllegalArgumentException("the " + to.word() + " is taken");
      }
      return before.replace(from, s.withCell(to));
    }

    @Override
    public String directive(Scene before) {
      return "move " + Referrer.refer(before, before.shapeAt(from)) + " to the " + to.word();
    }

    @Override
    public List<String> keys(Scene before) {
      return List.of("move:" + before.shapeAt(from).kind().word() + ">" + to.word());
    }
  }

  record Background(Colour to) implements Edit {
    @Override
    public Scene apply(Scene before) {
      if (before.background() == to) {
        throw new IllegalArgumentException("the background is already " + to.word());
      }
      return before.withBackground(to);
    }

    @Override
    public String directive(Scene before) {
      return "make the background " + to.word();
    }

    @Override
    public List<String> keys(Scene before) {
      return List.of("background:" + before.background().word() + ">" + to.word());
    }
  }

  /**
   * Adds identical shapes to every empty cell of a grid line; phrased with the count ("add two
   * small red circles in the top row"), so the line must have exactly that many empty cells.
   */
  record AddLine(ShapeKind kind, Colour colour, Size size, Cell.Line line) implements Edit {
    @Override
    public Scene apply(Scene before) {
      List<Cell> empty = emptyCells(before);
      if (empty.size() < 2) {
        throw new IllegalArgumentException("the " + line.word() + " has fewer than two empty cells");
      }
      Scene s = before;
      for (Cell c : empty) {
        s = s.with(new Shape(kind, colour, size, c));
      }
      return s;
    }

    public List<Cell> emptyCells(Scene scene) {
      return Cell.of(line).stream().filter(scene::isEmpty).toList();
    }

    @Override
    public String directive(Scene before) {
      return "add " + Numbers.word(emptyCells(before).size()) + " " + size.word() + " "
          + colour.word() + " " + kind.plural() + " in the " + line.word();
    }

    @Override
    public List<String> keys(Scene before) {
      return List.of("add:" + colour.word() + " " + kind.word());
    }
  }
}
