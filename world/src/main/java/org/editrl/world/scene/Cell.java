package org.editrl.world.scene;

import java.util.ArrayList;
import java.util.List;
import org.editrl.core.EnumNames;

/** The nine cells of the 3×3 grid, in reading order (row-major from the top left). */
public enum Cell {
  TOP_LEFT(0, 0, "top left"),
  TOP_MIDDLE(0, 1, "top middle"),
  TOP_RIGHT(0, 2, "top right"),
  MIDDLE_LEFT(1, 0, "middle left"),
  CENTRE(1, 1, "centre"),
  MIDDLE_RIGHT(1, 2, "middle right"),
  BOTTOM_LEFT(2, 0, "bottom left"),
  BOTTOM_MIDDLE(2, 1, "bottom middle"),
  BOTTOM_RIGHT(2, 2, "bottom right");

  /** Cells per grid side. */
  public static final int GRID = 3;

  private final int row;
  private final int col;
  private final String word;

  Cell(int row, int col, String word) {
    this.row = row;
    this.col = col;
    this.word = word;
  }

  public int row() {
    return row;
  }

  public int col() {
    return col;
  }

  /** The cell's name in instructions: "top left", "centre". */
  public String word() {
    return word;
  }

  public static Cell at(int row, int col) {
    if (row < 0 || row >= GRID || col < 0 || col >= GRID) {
      throw new IllegalArgumentException("no cell at row " + row + ", column " + col);
    }
    return values()[row * GRID + col];
  }

  /** The neighbour one step away, or null at the grid's edge. */
  public Cell step(Direction d) {
    int r = row + d.dRow();
    int c = col + d.dCol();
    return r < 0 || r >= GRID || c < 0 || c >= GRID ? null : at(r, c);
  }

  /** The cells of a grid line (row or column). */
  public static List<Cell> of(Line line) {
    List<Cell> cells = new ArrayList<>(GRID);
    for (Cell c : values()) {
      if (line.contains(c)) {
        cells.add(c);
      }
    }
    return cells;
  }

  public static Cell parse(String text) {
    return EnumNames.parse(Cell.class, text, "cell", Cell::word);
  }

  /** One step on the grid. */
  public enum Direction {
    UP(-1, 0, "up"),
    DOWN(1, 0, "down"),
    LEFT(0, -1, "left"),
    RIGHT(0, 1, "right");

    private final int dRow;
    private final int dCol;
    private final String word;

    Direction(int dRow, int dCol, String word) {
      this.dRow = dRow;
      this.dCol = dCol;
      this.word = word;
    }

    public int dRow() {
      return dRow;
    }

    public int dCol() {
      return dCol;
    }

    public String word() {
      return word;
    }
  }

  /** A row or column of the grid, named as in instructions ("top row", "left column"). */
  public enum Line {
    TOP_ROW("top row", 0, -1),
    MIDDLE_ROW("middle row", 1, -1),
    BOTTOM_ROW("bottom row", 2, -1),
    LEFT_COLUMN("left column", -1, 0),
    MIDDLE_COLUMN("middle column", -1, 1),
    RIGHT_COLUMN("right column", -1, 2);

    private final String word;
    private final int row;
    private final int col;

    Line(String word, int row, int col) {
      this.word = word;
      this.row = row;
      this.col = col;
    }

    public String word() {
      return word;
    }

    public boolean contains(Cell c) {
      return row >= 0 ? c.row() == row : c.col() == col;
    }
  }

  /** Strict spatial relations between cells, as used in "every shape left of X". */
  public enum Relation {
    LEFT_OF("left of"),
    RIGHT_OF("right of"),
    ABOVE("above"),
    BELOW("below");

    private final String word;

    Relation(String word) {
      this.word = word;
    }

    public String word() {
      return word;
    }

    /** Whether {@code subject} stands in this relation to {@code anchor}. */
    public boolean holds(Cell subject, Cell anchor) {
      return switch (this) {
        case LEFT_OF -> subject.col() < anchor.col();
        case RIGHT_OF -> subject.col() > anchor.col();
        case ABOVE -> subject.row() < anchor.row();
        case BELOW -> subject.row() > anchor.row();
      };
    }
  }
}
