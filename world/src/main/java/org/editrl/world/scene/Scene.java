package org.editrl.world.scene;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A scene: a background colour and at most one shape per grid cell. Shapes are kept in cell
 * (reading) order, so two scenes with the same content are {@code equals}.
 *
 * <p>The world samples source scenes with 1–5 shapes; an edited target may hold 0 (the only
 * shape removed) up to 9.
 */
public record Scene(Colour background, List<Shape> shapes) {
  /** Most shapes a source scene is sampled with. */
  public static final int MAX_SOURCE_SHAPES = 5;

  public Scene {
    Objects.requireNonNull(background, "background");
    if (background.isShapeColour()) {
      throw new IllegalArgumentException(background.word() + " is a shape colour, not a background");
    }
    List<Shape> sorted = new ArrayList<>(shapes);
    sorted.sort(Comparator.comparing(Shape::cell));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).cell() == sorted.get(i - 1).cell()) {
        throw new IllegalArgumentException("two shapes in cell " + sorted.get(i).cell().word());
      }
    }
    shapes = List.copyOf(sorted);
  }

  public Optional<Shape> at(Cell cell) {
    for (Shape s : shapes) {
      if (s.cell() == cell) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  /** The shape in {@code cell}; throws if the cell is empty. */
  public Shape shapeAt(Cell cell) {
    return at(cell).orElseThrow(() -> new IllegalArgumentException("no shape in the " + cell.word()));
  }

  public List<Cell> emptyCells() {
    EnumSet<Cell> empty = EnumSet.allOf(Cell.class);
    shapes.forEach(s -> empty.remove(s.cell()));
    return List.copyOf(empty);
  }

  public boolean isEmpty(Cell cell) {
    return at(cell).isEmpty();
  }

  public List<Shape> matching(Predicate<Shape> p) {
    return shapes.stream().filter(p).toList();
  }

  public int count(Predicate<Shape> p) {
    return (int) shapes.stream().filter(p).count();
  }

  public Scene with(Shape added) {
    if (!isEmpty(added.cell())) {
      throw new IllegalArgumentException("the " + added.cell().word() + " is already taken");
    }
    List<Shape> list = new ArrayList<>(shapes);
    list.add(added);
    return new Scene(background, list);
  }

  public Scene without(Cell cell) {
    List<Shape> list = new ArrayList<>(shapes);
    list.remove(shapeAt(cell));
    return new Scene(background, list);
  }

  /** Replaces the shape in {@code cell} by {@code replacement} (which may sit in another cell). */
  public Scene replace(Cell cell, Shape replacement) {
    return without(cell).with(replacement);
  }

  public Scene withBackground(Colour colour) {
    return new Scene(colour, shapes);
  }
}
