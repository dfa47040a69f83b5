package org.editrl.world.scene;

import org.editrl.core.EnumNames;

/**
 * Shape sizes, as a fraction of the grid cell's side. At 32×32 a cell is 10.7 px, so a small
 * shape spans about 6.4 px and a large one about 9.6 px.
 */
public enum Size {
  SMALL("small", 0.60),
  LARGE("large", 0.90);

  private final String word;
  private final double cellFraction;

  Size(String word, double cellFraction) {
    this.word = word;
    this.cellFraction = cellFraction;
  }

  public String word() {
    return word;
  }

  /** Extent of the shape's bounding box as a fraction of the cell side. */
  public double cellFraction() {
    return cellFraction;
  }

  /** The other size. */
  public Size other() {
    return this == SMALL ? LARGE : SMALL;
  }

  public static Size parse(String text) {
    return EnumNames.parse(Size.class, text, "size", Size::word);
  }
}
