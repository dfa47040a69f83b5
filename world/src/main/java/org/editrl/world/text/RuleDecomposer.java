package org.editrl.world.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.editrl.core.UserError;
import org.editrl.world.EditTask;
import org.editrl.world.gen.Concepts;
import org.editrl.world.gen.Edit;
import org.editrl.world.gen.Numbers;
import org.editrl.world.gen.TaskGenerator;
import org.editrl.world.scene.Cell;
import org.editrl.world.scene.Colour;
import org.editrl.world.scene.Scene;
import org.editrl.world.scene.Shape;
import org.editrl.world.scene.ShapeKind;
import org.editrl.world.scene.Size;

/**
 * The exact decomposer for world tasks: parses the world's instruction grammar (both phrasings)
 * against the source scene into primitive {@link Edit}s, resolving references ("the two
 * circles", "every shape left of the blue triangle", "the colour of grass"), and phrases each
 * edit as its canonical directive against the scene it applies to. For tasks without scenes
 * (users' data) it returns the manifest's directives, or else the instruction split at ", then",
 * " and then" and ";".
 */
public final class RuleDecomposer implements Decomposer {
  public static final String NAME = "rules";

  private static final Map<String, String> SLOTS = Map.ofEntries(
      Map.entry("COLOUR", alternation(Arrays.stream(Colour.values()).map(Colour::word).toList())),
      Map.entry("KIND", alternation(Arrays.stream(ShapeKind.values()).map(ShapeKind::word).toList())),
      Map.entry("KINDS", alternation(Arrays.stream(ShapeKind.values()).map(ShapeKind::plural).toList())),
      Map.entry("SIZE", alternation(Arrays.stream(Size.values()).map(Size::word).toList())),
      Map.entry("CELL", alternation(Arrays.stream(Cell.values()).map(Cell::word).toList())),
      Map.entry("LINE", alternation(Arrays.stream(Cell.Line.values()).map(Cell.Line::word).toList())),
      Map.entry("REL", alternation(Arrays.stream(Cell.Relation.values()).map(Cell.Relation::word).toList())),
      Map.entry("DIR", alternation(Arrays.stream(Cell.Direction.values())
          .map(TaskGenerator::directionPhrase).toList())),
      Map.entry("NUM", alternation(Numbers.all())),
      Map.entry("CCONCEPT", alternation(Concepts.allColourConcepts())),
      Map.entry("SCONCEPT", alternation(Concepts.allShapeConcepts())));

  private final List<Rule> rules = new ArrayList<>();

  public RuleDecomposer() {
    // single edits, simple phrasing (the directives themselves)
    rule("make the background {COLOUR}", (m, s) -> List.of(new Edit.Background(colour(m, "COLOUR"))));
    rule("make {REF} {SIZE}", (m, s) -> List.of(new Edit.Resize(ref(m, s, ""), size(m))));
    rule("make {REF} {COLOUR}", (m, s) -> List.of(new Edit.Recolour(ref(m, s, ""), colour(m, "COLOUR"))));
    rule("turn {REF} into a {KIND}", (m, s) -> List.of(new Edit.Reshape(ref(m, s, ""), kind(m))));
    rule("remove {REF}", (m, s) -> List.of(new Edit.Remove(ref(m, s, ""))));
    rule("add a {SIZE} {COLOUR} {KIND} in the {CELL}", (m, s) -> List.of(new Edit.Add(
        new Shape(kind(m), colour(m, "COLOUR"), size(m), cell(m)))));
    rule("move {REF} to the {CELL}", (m, s) -> List.of(new Edit.Move(ref(m, s, ""), cell(m))));
    rule("add {NUM} {SIZE} {COLOUR} {KINDS} in the {LINE}", (m, s) -> {
      Edit.AddLine e = new Edit.AddLine(kinds(m), colour(m, "COLOUR"), size(m), line(m));
      if (e.emptyCells(s).size() != Numbers.value(m.group("NUM"))) {
        throw new UserError("the " + e.line().word() + " does not have " + m.group("NUM") + " empty cells");
      }
      return List.of(e);
    });
    // factual paraphrases
    rule("change the colour of {REF} to {COLOUR}",
        (m, s) -> List.of(new Edit.Recolour(ref(m, s, ""), colour(m, "COLOUR"))));
    rule("get rid of {REF}", (m, s) -> List.of(new Edit.Remove(ref(m, s, ""))));
    rule("put a {SIZE} {COLOUR} {KIND} in the {CELL}", (m, s) -> List.of(new Edit.Add(
        new Shape(kind(m), colour(m, "COLOUR"), size(m), cell(m)))));
    rule("change the shape of {REF} to a {KIND}", (m, s) -> List.of(new Edit.Reshape(ref(m, s, ""), kind(m))));
    rule("paint the background {COLOUR}", (m, s) -> List.of(new Edit.Background(colour(m, "COLOUR"))));
    rule("move {REF} one cell {DIR}", (m, s) -> {
      Cell from = ref(m, s, "");
      Cell to = from.step(direction(m.group("DIR")));
      if (to == null) {
        throw new UserError("cannot move off the grid: '" + m.group() + "'");
      }
      return List.of(new Edit.Move(from, to));
    });
    rule("shift {REF} to the {CELL}", (m, s) -> List.of(new Edit.Move(ref(m, s, ""), cell(m))));
    rule("make {REF} bigger", (m, s) -> List.of(new Edit.Resize(ref(m, s, ""), Size.LARGE)));
    rule("make {REF} smaller", (m, s) -> List.of(new Edit.Resize(ref(m, s, ""), Size.SMALL)));
    rule("fill the empty cells of the {LINE} with {SIZE} {COLOUR} {KINDS}", (m, s) -> List.of(
        new Edit.AddLine(kinds(m), colour(m, "COLOUR"), size(m), line(m))));
    // conceptual
    rule("make the background the colour of {CCONCEPT}",
        (m, s) -> List.of(new Edit.Background(Concepts.colourOf(m.group("CCONCEPT")))));
    rule("make {REF} the colour of {CCONCEPT}",
        (m, s) -> List.of(new Edit.Recolour(ref(m, s, ""), Concepts.colourOf(m.group("CCONCEPT")))));
    rule("remove the shape that is the colour of {CCONCEPT}", (m, s) -> {
      Colour c = Concepts.colourOf(m.group("CCONCEPT"));
      return List.of(new Edit.Remove(unique(s.matching(x -> x.colour() == c), m.group())));
    });
    rule("add a {SIZE} {KIND} the colour of {CCONCEPT} in the {CELL}", (m, s) -> List.of(new Edit.Add(
        new Shape(kind(m), Concepts.colourOf(m.group("CCONCEPT")), size(m), cell(m)))));
    rule("add a {SIZE} {COLOUR} shape like {SCONCEPT} in the {CELL}", (m, s) -> List.of(new Edit.Add(
        new Shape(Concepts.shapeOf(m.group("SCONCEPT")), colour(m, "COLOUR"), size(m), cell(m)))));
    rule("give {REF} the shape of {SCONCEPT}",
        (m, s) -> List.of(new Edit.Reshape(ref(m, s, ""), Concepts.shapeOf(m.group("SCONCEPT")))));
    // procedural
    rule("swap the colours of the two {KINDS}", (m, s) -> {
      ShapeKind k = kinds(m);
      List<Shape> two = s.matching(x -> x.kind() == k);
      if (two.size() != 2) {
        throw new UserError("there are " + two.size() + " " + k.plural() + ", not two: '" + m.group() + "'");
      }
      return swap(two.get(0), two.get(1));
    });
    rule("swap the colours of {REF} and {REF2}",
        (m, s) -> swap(s.shapeAt(ref(m, s, "")), s.shapeAt(ref(m, s, "2"))));
    rule("remove every shape {REL} {REF}", (m, s) -> {
      Cell.Relation rel = relation(m.group("REL"));
      Cell anchor = ref(m, s, "");
      List<Edit> edits = new ArrayList<>();
      s.matching(x -> rel.holds(x.cell(), anchor)).forEach(x -> edits.add(new Edit.Remove(x.cell())));
      return edits;
    });
    rule("make all the {KINDS} {COLOUR}", (m, s) -> {
      ShapeKind k = kinds(m);
      Colour c = colour(m, "COLOUR");
      List<Edit> edits = new ArrayList<>();
      s.matching(x -> x.kind() == k && x.colour() != c).forEach(x -> edits.add(new Edit.Recolour(x.cell(), c)));
      return edits;
    });
    rule("remove every {COLOUR} shape", (m, s) -> {
      Colour c = colour(m, "COLOUR");
      List<Edit> edits = new ArrayList<>();
      s.matching(x -> x.colour() == c).forEach(x -> edits.add(new Edit.Remove(x.cell())));
      return edits;
    });
    rule("remove all the {KINDS}", (m, s) -> {
      ShapeKind k = kinds(m);
      List<Edit> edits = new ArrayList<>();
      s.matching(x -> x.kind() == k).forEach(x -> edits.add(new Edit.Remove(x.cell())));
      return edits;
    });
    rule("make {REF} the same colour as {REF2}", (m, s) -> List.of(
        new Edit.Recolour(ref(m, s, ""), s.shapeAt(ref(m, s, "2")).colour())));
    rule("add a copy of {REF} in the {CELL}",
        (m, s) -> List.of(new Edit.Add(s.shapeAt(ref(m, s, "")).withCell(cell(m)))));
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> decompose(EditTask task) {
    if (task.hasScenes()) {
      return Edit.directives(task.sourceScene(), edits(task.reasoningInstruction(), task.sourceScene()));
    }
    if (!task.directives().isEmpty()) {
      return task.directives();
    }
    return Arrays.stream(task.reasoningInstruction().split(",\\s*then\\s+|\\s+and then\\s+|;"))
        .map(String::strip).filter(p -> !p.isEmpty()).collect(Collectors.toList());
  }

  /**
   * The primitive edits an instruction of the world's grammar asks for in {@code scene}; parts
   * joined by ", then" apply in turn, "…, and then make it C" recolours the shape the first part
   * ended on.
   *
   * @throws UserError if a part matches no rule or refers to no unique shape
   */
  public List<Edit> edits(String instruction, Scene scene) {
    List<Edit> all = new ArrayList<>();
    Scene s = scene;
    for (String part : instruction.strip().toLowerCase(java.util.Locale.ROOT).split(",\\s*then\\s+")) {
      List<Edit> edits = part(part.strip(), s);
      all.addAll(edits);
      s = Edit.applyAll(s, edits);
    }
    return all;
  }

  private List<Edit> part(String text, Scene scene) {
    int andThen = text.lastIndexOf(" and then make it ");
    if (andThen > 0) {
      List<Edit> first = part(text.substring(0, andThen), scene);
      Colour c = Colour.parse(text.substring(andThen + " and then make it ".length()));
      Edit last = first.get(first.size() - 1);
      Cell where;
      if (last instanceof Edit.Move mv) {
        where = mv.to();
      } else if (last instanceof Edit.Resize r) {
        where = r.cell();
      } else if (last instanceof Edit.Reshape r) {
        where = r.cell();
      } else if (last instanceof Edit.Recolour r) {
        where = r.cell();
      } else {
        throw new UserError("'it' refers to no single shape in '" + text + "'");
      }
      List<Edit> out = new ArrayList<>(first);
      out.add(new Edit.Recolour(where, c));
      return out;
    }
    for (Rule r : rules) {
      Matcher m = r.pattern().matcher(text);
      if (m.matches()) {
        try {
          List<Edit> edits = r.handler().apply(m, scene);
          Edit.applyAll(scene, edits); // fails if an edit does not apply
          return edits;
        } catch (IllegalArgumentException e) {
          throw new UserError("cannot apply '" + text + "': " + e.getMessage());
        }
      }
    }
    throw new UserError("cannot decompose '" + text + "': it is not in the world's grammar");
  }

  // ---- rule building ----

  private record Rule(Pattern pattern, BiFunction<Matcher, Scene, List<Edit>> handler) {}

  private void rule(String template, BiFunction<Matcher, Scene, List<Edit>> handler) {
    String regex = template
        .replace("{REF2}", refRegex("2"))
        .replace("{REF}", refRegex(""));
    for (var slot : SLOTS.entrySet()) {
      regex = regex.replace("{" + slot.getKey() + "}", "(?<" + slot.getKey() + ">" + slot.getValue() + ")");
    }
    rules.add(new Rule(Pattern.compile(regex), handler));
  }

  private static String refRegex(String n) {
    return "the (?:(?<refSize" + n + ">" + SLOTS.get("SIZE") + ") )?(?:(?<refColour" + n + ">"
        + SLOTS.get("COLOUR") + ") )?(?<refKind" + n + ">" + SLOTS.get("KIND") + ")(?: in the (?<refCell"
        + n + ">" + SLOTS.get("CELL") + "))?";
  }

  private static String alternation(List<String> words) {
    return words.stream().sorted(Comparator.comparingInt(String::length).reversed())
        .map(Pattern::quote).collect(Collectors.joining("|"));
  }

  // ---- slot values ----

  /** The cell of the one shape the reference {@code n} picks out. */
  private static Cell ref(Matcher m, Scene s, String n) {
    String size = m.group("refSize" + n);
    String colour = m.group("refColour" + n);
    ShapeKind kind = ShapeKind.parse(m.group("refKind" + n));
    String cell = m.group("refCell" + n);
    return unique(s.matching(x -> x.kind() == kind
        && (size == null || x.size() == Size.parse(size))
        && (colour == null || x.colour() == Colour.parse(colour))
        && (cell == null || x.cell() == Cell.parse(cell))), m.group());
  }

  private static Cell unique(List<Shape> matches, String text) {
    if (matches.size() != 1) {
      throw new UserError((matches.isEmpty() ? "no" : "more than one") + " shape fits '" + text + "'");
    }
    return matches.get(0).cell();
  }

  private static List<Edit> swap(Shape a, Shape b) {
    return List.of(new Edit.Recolour(a.cell(), b.colour()), new Edit.Recolour(b.cell(), a.colour()));
  }

  private static Colour colour(Matcher m, String group) {
    return Colour.parse(m.group(group));
  }

  private static Size size(Matcher m) {
    return Size.parse(m.group("SIZE"));
  }

  private static ShapeKind kind(Matcher m) {
    return ShapeKind.parse(m.group("KIND"));
  }

  private static ShapeKind kinds(Matcher m) {
    String plural = m.group("KINDS");
    return Arrays.stream(ShapeKind.values()).filter(k -> k.plural().equals(plural)).findFirst().orElseThrow();
  }

  private static Cell cell(Matcher m) {
    return Cell.parse(m.group("CELL"));
  }

  private static Cell.Line line(Matcher m) {
    String w = m.group("LINE");
    return Arrays.stream(Cell.Line.values()).filter(l -> l.word().equals(w)).findFirst().orElseThrow();
  }

  private static Cell.Relation relation(String w) {
    return Arrays.stream(Cell.Relation.values()).filter(r -> r.word().equals(w)).findFirst().orElseThrow();
  }

  private static Cell.Direction direction(String phrase) {
    return Arrays.stream(Cell.Direction.values())
        .filter(d -> TaskGenerator.directionPhrase(d).equals(phrase)).findFirst().orElseThrow();
  }
}
