package org.editrl.world.gen;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.editrl.world.scene.Colour;
import org.editrl.world.scene.ShapeKind;

/**
 * The world knowledge behind conceptual instructions: things whose colour or shape everybody
 * knows ("the colour of grass" = green, "the shape of a ball" = circle). Each concept names
 * exactly one attribute.
 */
public final class Concepts {
  private static final Map<Colour, List<String>> COLOUR_CONCEPTS = new EnumMap<>(Colour.class);
  private static final Map<ShapeKind, List<String>> SHAPE_CONCEPTS = new EnumMap<>(ShapeKind.class);
  private static final Map<String, Colour> COLOUR_OF = new LinkedHashMap<>();
  private static final Map<String, ShapeKind> SHAPE_OF = new LinkedHashMap<>();

  static {
    colour(Colour.RED, "blood", "a fire truck", "a ripe tomato", "a strawberry");
    colour(Colour.ORANGE, "a carrot", "a pumpkin", "an orange");
    colour(Colour.YELLOW, "a banana", "a lemon", "a sunflower");
    colour(Colour.GREEN, "grass", "a leaf", "a frog");
    colour(Colour.BLUE, "the sky", "the sea", "a sapphire");
    colour(Colour.PURPLE, "a plum", "lavender", "an aubergine");
    colour(Colour.BLACK, "coal", "a crow", "ink");
    colour(Colour.WHITE, "snow", "milk", "a cloud");
    colour(Colour.GREY, "ash", "concrete", "an elephant");
    colour(Colour.BEIGE, "sand", "porridge");
    colour(Colour.BROWN, "chocolate", "soil", "a tree trunk");
    shape(ShapeKind.CIRCLE, "a ball", "a coin", "a wheel");
    shape(ShapeKind.SQUARE, "a chessboard", "a box", "a window pane");
    shape(ShapeKind.TRIANGLE, "a pyramid", "a slice of pizza", "a yield sign");
    shape(ShapeKind.DIAMOND, "a kite", "a rhombus");
  }

  private Concepts() {}

  private static void colour(Colour c, String... concepts) {
    COLOUR_CONCEPTS.put(c, List.of(concepts));
    for (String s : concepts) {
      COLOUR_OF.put(s, c);
    }
  }

  private static void shape(ShapeKind k, String... concepts) {
    SHAPE_CONCEPTS.put(k, List.of(concepts));
    for (String s : concepts) {
      SHAPE_OF.put(s, k);
    }
  }

  /** Things of the colour {@code c} ("grass" for green). */
  public static List<String> colourConcepts(Colour c) {
    return COLOUR_CONCEPTS.getOrDefault(c, List.of());
  }

  /** Things of the shape {@code k} ("a ball" for circle). */
  public static List<String> shapeConcepts(ShapeKind k) {
    return SHAPE_CONCEPTS.getOrDefault(k, List.of());
  }

  /** The colour a concept names, or null. */
  public static Colour colourOf(String concept) {
    return COLOUR_OF.get(concept);
  }

  /** The shape kind a concept names, or null. */
  public static ShapeKind shapeOf(String concept) {
    return SHAPE_OF.get(concept);
  }

  /** Every colour concept, longest first (so a regex alternation prefers the longest match). */
  public static List<String> allColourConcepts() {
    return longestFirst(COLOUR_OF.keySet());
  }

  public static List<String> allShapeConcepts() {
    return longestFirst(SHAPE_OF.keySet());
  }

  private static List<String> longestFirst(java.util.Collection<String> words) {
    List<String> l = new ArrayList<>(words);
    l.sort(Collections.reverseOrder(java.util.Comparator.comparingInt(String::length)));
    return List.copyOf(l);
  }
}
