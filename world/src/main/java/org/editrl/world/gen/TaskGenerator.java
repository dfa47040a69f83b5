package org.editrl.world.gen;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.editrl.world.Category;
import org.editrl.world.Operation;
import org.editrl.world.Split;
import org.editrl.world.scene.Cell;
import org.editrl.world.scene.Colour;
import org.editrl.world.scene.Scene;
import org.editrl.world.scene.Shape;
import org.editrl.world.scene.ShapeKind;
import org.editrl.world.scene.Size;

/**
 * Plans one task from a random stream: samples a source scene (1–5 shapes), a category and an
 * operation, the primitive {@link Edit}s, and the reasoning phrasing. The simple phrasing is the
 * edits' canonical directives joined by ", then ".
 *
 * <p>Splits are made by rejection: a candidate is kept for {@link Split#TRAIN} only if none of
 * its composition keys is held out, and for {@link Split#HELDOUT} only if at least one is (about
 * one candidate in eight qualifies). Every draw comes from the given {@link Rng}, so a plan is a
 * pure function of the seed.
 */
public final class TaskGenerator {
  /** How the simple phrasing joins several directives. */
  public static final String THEN = ", then ";
  /** Candidates tried before giving up (a bug guard; a plan is found within ~100 in practice). */
  static final int MAX_ATTEMPTS = 10_000;

  private static final Operation[] FACTUAL = {
    Operation.RECOLOUR, Operation.REMOVE, Operation.ADD, Operation.RESHAPE,
    Operation.BACKGROUND, Operation.MOVE, Operation.RESIZE, Operation.COUNT
  };
  private static final Operation[] CONCEPTUAL = {
    Operation.RECOLOUR, Operation.REMOVE, Operation.ADD, Operation.RESHAPE, Operation.BACKGROUND
  };
  private static final Operation[] PROCEDURAL = {
    Operation.SWAP_COLOURS, Operation.REMOVE_RELATIVE, Operation.RECOLOUR_ALL,
    Operation.REMOVE_ALL, Operation.MATCH_COLOUR, Operation.COPY, Operation.SEQUENCE
  };

  private TaskGenerator() {}

  /** A planned task: everything but the images. */
  public record Plan(
      Category category, Operation operation, Scene source, List<Edit> edits,
      String reasoningInstruction, List<String> keys) {
    public Plan {
      Objects.requireNonNull(source);
      edits = List.copyOf(edits);
      keys = List.copyOf(keys);
    }

    public Scene target() {
      return Edit.applyAll(source, edits);
    }

    /** The simple directives in order (what a perfect decomposer returns). */
    public List<String> directives() {
      return Edit.directives(source, edits);
    }

    /** The simple phrasing: the directives joined by {@link #THEN}. */
    public String instruction() {
      return String.join(THEN, directives());
    }
  }

  /** Plans a task of {@code split} from {@code rng}. */
  public static Plan plan(Rng rng, Split split) {
    for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      Plan p = candidate(rng);
      if (p == null) {
        continue;
      }
      boolean heldout = !Compositions.heldoutAmong(p.keys()).isEmpty();
      if (heldout == (split == Split.HELDOUT)) {
        return p;
      }
    }
    throw new IllegalStateException("no " + split.word() + " task after " + MAX_ATTEMPTS + " candidates");
  }

  /** One candidate of any split, or null when the drawn operation does not fit the scene. */
  static Plan candidate(Rng rng) {
    Scene scene = scene(rng);
    Category category = Category.values()[rng.pickWeighted(0.4, 0.3, 0.3)];
    return switch (category) {
      case FACTUAL -> factual(rng, scene, rng.pick(FACTUAL));
      case CONCEPTUAL -> conceptual(rng, scene, rng.pick(CONCEPTUAL));
      case PROCEDURAL -> procedural(rng, scene, rng.pick(PROCEDURAL));
    };
  }

  /** A source scene: a background and 1–5 random shapes in distinct cells. */
  public static Scene scene(Rng rng) {
    List<Cell> cells = new ArrayList<>(List.of(Cell.values()));
    rng.shuffle(cells);
    int n = 1 + rng.nextInt(Scene.MAX_SOURCE_SHAPES);
    List<Shape> shapes = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      shapes.add(randomShape(rng, cells.get(i)));
    }
    return new Scene(rng.pick(Colour.backgrounds()), shapes);
  }

  private static Shape randomShape(Rng rng, Cell cell) {
    return new Shape(rng.pick(ShapeKind.values()), rng.pick(Colour.shapeColours()),
        rng.pick(Size.values()), cell);
  }

  // ---- factual: the attribute is named directly; the reasoning phrasing paraphrases it ----

  private static Plan factual(Rng rng, Scene scene, Operation op) {
    Shape s = rng.pick(scene.shapes());
    String ref = Referrer.refer(scene, s);
    return switch (op) {
      case RECOLOUR -> {
        Colour to = otherColour(rng, s.colour());
        yield plan(Category.FACTUAL, op, scene, List.of(new Edit.Recolour(s.cell(), to)),
            "change the colour of " + ref + " to " + to.word());
      }
      case REMOVE -> plan(Category.FACTUAL, op, scene, List.of(new Edit.Remove(s.cell())),
          "get rid of " + ref);
      case ADD -> {
        Shape added = randomShape(rng, rng.pick(scene.emptyCells()));
        yield plan(Category.FACTUAL, op, scene, List.of(new Edit.Add(added)),
            "put a " + added.describe() + " in the " + added.cell().word());
      }
      case RESHAPE -> {
        ShapeKind to = otherKind(rng, s.kind());
        yield plan(Category.FACTUAL, op, scene, List.of(new Edit.Reshape(s.cell(), to)),
            "change the shape of " + ref + " to a " + to.word());
      }
      case BACKGROUND -> {
        Colour to = otherBackground(rng, scene.background());
        yield plan(Category.FACTUAL, op, scene, List.of(new Edit.Background(to)),
            "paint the background " + to.word());
      }
      case MOVE -> move(rng, scene, s, ref);
      case RESIZE -> plan(Category.FACTUAL, op, scene,
          List.of(new Edit.Resize(s.cell(), s.size().other())),
          "make " + ref + (s.size() == Size.SMALL ? " bigger" : " smaller"));
      case COUNT -> {
        List<Cell.Line> lines = new ArrayList<>();
        for (Cell.Line l : Cell.Line.values()) {
          if (Cell.of(l).stream().filter(scene::isEmpty).count() >= 2) {
            lines.add(l);
          }
        }
        if (lines.isEmpty()) {
          yield null;
        }
        Edit.AddLine e = new Edit.AddLine(rng.pick(ShapeKind.values()),
            rng.pick(Colour.shapeColours()), rng.pick(Size.values()), rng.pick(lines));
        yield plan(Category.FACTUAL, op, scene, List.of(e),
            "fill the empty cells of the " + e.line().word() + " with " + e.size().word() + " "
                + e.colour().word() + " " + e.kind().plural());
      }
      default -> throw new IllegalArgumentException("not factual: " + op);
    };
  }

  /** A move, phrased by direction ("one cell to the left") when the neighbour is free. */
  private static Plan move(Rng rng, Scene scene, Shape s, String ref) {
    List<Cell.Direction> free = new ArrayList<>();
    for (Cell.Direction d : Cell.Direction.values()) {
      Cell n = s.cell().step(d);
      if (n != null && scene.isEmpty(n)) {
        free.add(d);
      }
    }
    if (!free.isEmpty() && rng.chance(0.5)) {
      Cell.Direction d = rng.pick(free);
      return plan(Category.FACTUAL, Operation.MOVE, scene,
          List.of(new Edit.Move(s.cell(), s.cell().step(d))),
          "move " + ref + " one cell " + directionPhrase(d));
    }
    Cell to = rng.pick(scene.emptyCells());
    return plan(Category.FACTUAL, Operation.MOVE, scene, List.of(new Edit.Move(s.cell(), to)),
        "shift " + ref + " to the " + to.word());
  }

  /** "up", "down", "to the left", "to the right". */
  public static String directionPhrase(Cell.Direction d) {
    return switch (d) {
      case UP, DOWN -> d.word();
      case LEFT, RIGHT -> "to the " + d.word();
    };
  }

  // ---- conceptual: the attribute is named by a thing everybody knows ----

  private static Plan conceptual(Rng rng, Scene scene, Operation op) {
    Shape s = rng.pick(scene.shapes());
    String ref = Referrer.refer(scene, s);
    return switch (op) {
      case RECOLOUR -> {
        Colour to = otherColour(rng, s.colour());
        String concept = rng.pick(Concepts.colourConcepts(to));
        yield conceptPlan(op, scene, List.of(new Edit.Recolour(s.cell(), to)),
            "make " + ref + " the colour of " + concept, "recolour", concept);
      }
      case REMOVE -> {
        // the colour must pick out one shape
        if (scene.count(o -> o.colour() == s.colour()) != 1) {
          yield null;
        }
        String concept = rng.pick(Concepts.colourConcepts(s.colour()));
        yield conceptPlan(op, scene, List.of(new Edit.Remove(s.cell())),
            "remove the shape that is the colour of " + concept, "remove", concept);
      }
      case ADD -> {
        Shape added = randomShape(rng, rng.pick(scene.emptyCells()));
        if (rng.chance(0.5)) {
          String concept = rng.pick(Concepts.shapeConcepts(added.kind()));
          yield conceptPlan(op, scene, List.of(new Edit.Add(added)),
              "add a " + added.size().word() + " " + added.colour().word() + " shape like " + concept
                  + " in the " + added.cell().word(), "add", concept);
        }
        String concept = rng.pick(Concepts.colourConcepts(added.colour()));
        yield conceptPlan(op, scene, List.of(new Edit.Add(added)),
            "add a " + added.size().word() + " " + added.kind().word() + " the colour of "
                + concept + " in the " + added.cell().word(), "add", concept);
      }
      case RESHAPE -> {
        ShapeKind to = otherKind(rng, s.kind());
        String concept = rng.pick(Concepts.shapeConcepts(to));
        yield conceptPlan(op, scene, List.of(new Edit.Reshape(s.cell(), to)),
            "give " + ref + " the shape of " + concept, "reshape", concept);
      }
      case BACKGROUND -> {
        Colour to = otherBackground(rng, scene.background());
        String concept = rng.pick(Concepts.colourConcepts(to));
        yield conceptPlan(op, scene, List.of(new Edit.Background(to)),
            "make the background the colour of " + concept, "background", concept);
      }
      default -> throw new IllegalArgumentException("not conceptual: " + op);
    };
  }

  private static Plan conceptPlan(Operation op, Scene scene, List<Edit> edits, String reasoning,
      String keyOp, String concept) {
    List<String> keys = new ArrayList<>(Edit.keys(scene, edits));
    keys.add("concept:" + keyOp + ":" + concept);
    return new Plan(Category.CONCEPTUAL, op, scene, edits, reasoning, keys);
  }

  // ---- procedural: several edits, or a reading of the scene first ----

  private static Plan procedural(Rng rng, Scene scene, Operation op) {
    Shape s = rng.pick(scene.shapes());
    return switch (op) {
      case SWAP_COLOURS -> {
        List<Shape> others = scene.matching(o -> o != s && o.colour() != s.colour());
        if (others.isEmpty()) {
          yield null;
        }
        Shape o = rng.pick(others);
        List<Shape> sameKind = scene.matching(x -> x.kind() == s.kind());
        if (o.kind() == s.kind() && sameKind.size() == 2) {
          // "the two circles" has no order of its own: recolour in reading order
          Shape first = sameKind.get(0);
          Shape second = sameKind.get(1);
          yield plan(Category.PROCEDURAL, op, scene, List.of(
              new Edit.Recolour(first.cell(), second.colour()),
              new Edit.Recolour(second.cell(), first.colour())),
              "swap the colours of the two " + s.kind().plural());
        }
        yield plan(Category.PROCEDURAL, op, scene,
            List.of(new Edit.Recolour(s.cell(), o.colour()), new Edit.Recolour(o.cell(), s.colour())),
            "swap the colours of " + Referrer.refer(scene, s) + " and " + Referrer.refer(scene, o));
      }
      case REMOVE_RELATIVE -> {
        Cell.Relation rel = rng.pick(Cell.Relation.values());
        List<Edit> edits = new ArrayList<>();
        for (Shape o : scene.shapes()) {
          if (rel.holds(o.cell(), s.cell())) {
            edits.add(new Edit.Remove(o.cell()));
          }
        }
        if (edits.isEmpty()) {
          yield null;
        }
        yield plan(Category.PROCEDURAL, op, scene, edits,
            "remove every shape " + rel.word() + " " + Referrer.refer(scene, s));
      }
      case RECOLOUR_ALL -> {
        List<Shape> kind = scene.matching(o -> o.kind() == s.kind());
        if (kind.size() < 2) {
          yield null;
        }
        Colour to = otherColour(rng, s.colour());
        List<Edit> edits = new ArrayList<>();
        for (Shape o : kind) {
          if (o.colour() != to) {
            edits.add(new Edit.Recolour(o.cell(), to));
          }
        }
        yield plan(Category.PROCEDURAL, op, scene, edits,
            "make all the " + s.kind().plural() + " " + to.word());
      }
      case REMOVE_ALL -> {
        boolean byColour = rng.chance(0.5);
        List<Shape> doomed = byColour
            ? scene.matching(o -> o.colour() == s.colour())
            : scene.matching(o -> o.kind() == s.kind());
        if (doomed.size() < 2) {
          yield null;
        }
        List<Edit> edits = new ArrayList<>();
        doomed.forEach(o -> edits.add(new Edit.Remove(o.cell())));
        yield plan(Category.PROCEDURAL, op, scene, edits, byColour
            ? "remove every " + s.colour().word() + " shape"
            : "remove all the " + s.kind().plural());
      }
      case MATCH_COLOUR -> {
        List<Shape> others = scene.matching(o -> o != s && o.colour() != s.colour());
        if (others.isEmpty()) {
          yield null;
        }
        Shape model = rng.pick(others);
        yield plan(Category.PROCEDURAL, op, scene,
            List.of(new Edit.Recolour(s.cell(), model.colour())),
            "make " + Referrer.refer(scene, s) + " the same colour as " + Referrer.refer(scene, model));
      }
      case COPY -> {
        Cell to = rng.pick(scene.emptyCells());
        yield plan(Category.PROCEDURAL, op, scene, List.of(new Edit.Add(s.withCell(to))),
            "add a copy of " + Referrer.refer(scene, s) + " in the " + to.word());
      }
      case SEQUENCE -> sequence(rng, scene, s);
      default -> throw new IllegalArgumentException("not procedural: " + op);
    };
  }

  /** Two edits of one shape; the second refers back to it: "…, and then make it blue". */
  private static Plan sequence(Rng rng, Scene scene, Shape s) {
    Edit first = switch (rng.nextInt(3)) {
      case 0 -> new Edit.Move(s.cell(), rng.pick(scene.emptyCells()));
      case 1 -> new Edit.Resize(s.cell(), s.size().other());
      default -> new Edit.Reshape(s.cell(), otherKind(rng, s.kind()));
    };
    Cell now = first instanceof Edit.Move m ? m.to() : s.cell();
    Colour to = otherColour(rng, s.colour());
    Edit second = new Edit.Recolour(now, to);
    return plan(Category.PROCEDURAL, Operation.SEQUENCE, scene, List.of(first, second),
        first.directive(scene) + " and then make it " + to.word());
  }

  // ---- helpers ----

  private static Plan plan(Category category, Operation op, Scene scene, List<Edit> edits,
      String reasoning) {
    return new Plan(category, op, scene, edits, reasoning, Edit.keys(scene, edits));
  }

  private static Colour otherColour(Rng rng, Colour not) {
    List<Colour> options = new ArrayList<>(Colour.shapeColours());
    options.remove(not);
    return rng.pick(options);
  }

  private static Colour otherBackground(Rng rng, Colour not) {
    List<Colour> options = new ArrayList<>(Colour.backgrounds());
    options.remove(not);
    return rng.pick(options);
  }

  private static ShapeKind otherKind(Rng rng, ShapeKind not) {
    List<ShapeKind> options = new ArrayList<>(EnumSet.allOf(ShapeKind.class));
    options.remove(not);
    return rng.pick(options);
  }
}
