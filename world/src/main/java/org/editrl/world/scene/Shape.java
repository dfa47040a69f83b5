package org.editrl.world.scene;

import java.util.Objects;

/** One shape: its kind, colour (a shape colour of the palette), size and grid cell. */
public record Shape(ShapeKind kind, Colour colour, Size size, Cell cell) {
  public Shape {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(colour, "colour");
    Objects.requireNonNull(size, "size");
    Objects.requireNonNull(cell, "cell");
    if (!colour.isShapeColour()) {
      throw new IllegalArgumentException(colour.word() + " is a background colour, not a shape colour");
    }
  }

  public Shape withColour(Colour c) {
    return new Shape(kind, c, size, cell);
  }

  public Shape withSize(Size s) {
    return new Shape(kind, colour, s, cell);
  }

  public Shape withKind(ShapeKind k) {
    return new Shape(k, colour, size, cell);
  }

  public Shape withCell(Cell c) {
    return new Shape(kind, colour, size, c);
  }

  /** "small red circle" (no article, no position). */
  public String describe() {
    return size.word() + " " + colour.word() + " " + kind.word();
  }
}
