package org.editrl.world.scene;

import java.util.Arrays;
import java.util.List;
import org.editrl.core.EnumNames;

/**
 * The named palette. Eight shape colours, chosen far apart in RGB (the closest pair, red and
 * orange, is 0.42 apart in Euclidean RGB distance), and three background colours, each at least
 * 0.39 from every shape colour so every shape stays visible on every background.
 */
public enum Colour {
  RED("red", 0.90f, 0.10f, 0.10f, true),
  ORANGE("orange", 1.00f, 0.50f, 0.00f, true),
  YELLOW("yellow", 0.98f, 0.92f, 0.12f, true),
  GREEN("green", 0.13f, 0.70f, 0.20f, true),
  BLUE("blue", 0.15f, 0.30f, 0.95f, true),
  PURPLE("purple", 0.58f, 0.20f, 0.80f, true),
  BLACK("black", 0.05f, 0.05f, 0.05f, true),
  WHITE("white", 0.97f, 0.97f, 0.97f, true),
  GREY("grey", 0.50f, 0.50f, 0.50f, false),
  BEIGE("beige", 0.86f, 0.80f, 0.64f, false),
  BROWN("brown", 0.45f, 0.30f, 0.18f, false);

  private static final List<Colour> SHAPE_COLOURS =
      Arrays.stream(values()).filter(Colour::isShapeColour).toList();
  private static final List<Colour> BACKGROUNDS =
      Arrays.stream(values()).filter(c -> !c.isShapeColour()).toList();

  private final String word;
  private final float r;
  private final float g;
  private final float b;
  private final boolean shapeColour;

  Colour(String word, float r, float g, float b, boolean shapeColour) {
    this.word = word;
    this.r = r;
    this.g = g;
    this.b = b;
    this.shapeColour = shapeColour;
  }

  public String word() {
    return word;
  }

  public float r() {
    return r;
  }

  public float g() {
    return g;
  }

  public float b() {
    return b;
  }

  /** Channel {@code c} (0 = red, 1 = green, 2 = blue) in [0, 1]. */
  public float channel(int c) {
    return switch (c) {
      case 0 -> r;
      case 1 -> g;
      case 2 -> b;
      default -> throw new IllegalArgumentException("channel " + c);
    };
  }

  /** True for the eight shape colours, false for the background colours. */
  public boolean isShapeColour() {
    return shapeColour;
  }

  /** Euclidean distance in RGB, in [0, √3]. */
  public double distance(Colour other) {
    double dr = r - other.r;
    double dg = g - other.g;
    double db = b - other.b;
    return Math.sqrt(dr * dr + dg * dg + db * db);
  }

  public static List<Colour> shapeColours() {
    return SHAPE_COLOURS;
  }

  public static List<Colour> backgrounds() {
    return BACKGROUNDS;
  }

  public static Colour parse(String text) {
    return EnumNames.parse(Colour.class, text, "colour", Colour::word);
  }
}
