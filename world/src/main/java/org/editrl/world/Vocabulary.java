package org.editrl.world;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.editrl.world.gen.Concepts;
import org.editrl.world.gen.Numbers;
import org.editrl.world.scene.Cell;
import org.editrl.world.scene.Colour;
import org.editrl.world.scene.ShapeKind;
import org.editrl.world.scene.Size;

/**
 * Word-level tokens for instructions. Text is lowercased and split on every character that is
 * not a letter, digit or apostrophe (so punctuation is dropped); each word maps to its id, an
 * unknown word to {@link #UNK}. Id 0 is padding.
 *
 * <p>{@link #world()} holds every word the world's grammar can produce: the fixed template words
 * plus every attribute, position, number and concept word, sorted alphabetically after the two
 * special tokens, so the ids are fixed by this code (a test generates thousands of tasks and
 * checks that none of their words is unknown).
 */
public final class Vocabulary {
  public static final int PAD = 0;
  public static final int UNK = 1;
  public static final String PAD_TOKEN = "<pad>";
  public static final String UNK_TOKEN = "<unk>";

  /**
   * Words of the templates in {@link org.editrl.world.gen.TaskGenerator}, {@code Edit},
   * {@code Referrer} and {@link org.editrl.world.gen.Captions}.
   */
  static final String TEMPLATE_WORDS =
      "a add all an and as background bigger cell cells change colour colours copy empty every "
          + "fill get give in into is it like make move of on one paint put remove rid same shape shapes "
          + "shift smaller swap that the then to turn with";

  private static final Pattern SPLIT = Pattern.compile("[^a-z0-9']+");
  private static final Vocabulary WORLD = new Vocabulary(worldWords());

  private final List<String> words;
  private final Map<String, Integer> ids;

  /** A vocabulary of {@code words} (ids 2, 3, … in the given order after pad and unk). */
  public Vocabulary(List<String> words) {
    List<String> all = new ArrayList<>();
    all.add(PAD_TOKEN);
    all.add(UNK_TOKEN);
    all.addAll(words);
    this.words = List.copyOf(all);
    this.ids = new HashMap<>();
    for (int i = 0; i < this.words.size(); i++) {
      if (ids.put(this.words.get(i), i) != null) {
        throw new IllegalArgumentException("duplicate word '" + this.words.get(i) + "'");
      }
    }
  }

  /** The world's vocabulary (shared, immutable). */
  public static Vocabulary world() {
    return WORLD;
  }

  /** Number of ids, including pad and unk. */
  public int size() {
    return words.size();
  }

  /** The words of {@code text}: lowercased, punctuation dropped. */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    for (String w : SPLIT.split(text.toLowerCase(Locale.ROOT))) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /** Id of one word ({@link #UNK} if unknown). */
  public int id(String word) {
    return ids.getOrDefault(word.toLowerCase(Locale.ROOT), UNK);
  }

  public boolean contains(String word) {
    return ids.containsKey(word.toLowerCase(Locale.ROOT));
  }

  /** The word of an id. */
  public String word(int id) {
    if (id < 0 || id >= words.size()) {
      throw new IllegalArgumentException("token id " + id + " outside 0.." + (words.size() - 1));
    }
    return words.get(id);
  }

  /** The ids of {@code text}'s words, truncated to {@code maxTokens} and padded with 0. */
  public int[] encode(String text, int maxTokens) {
    if (maxTokens <= 0) {
      throw new IllegalArgumentException("maxTokens must be positive, got " + maxTokens);
    }
    int[] out = new int[maxTokens];
    List<String> ws = words(text);
    for (int i = 0; i < Math.min(maxTokens, ws.size()); i++) {
      out[i] = id(ws.get(i));
    }
    return out;
  }

  /** The words of the non-padding ids, joined by single spaces. */
  public String decode(int[] tokens) {
    StringBuilder sb = new StringBuilder();
    for (int t : tokens) {
      if (t == PAD) {
        continue;
      }
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(word(t));
    }
    return sb.toString();
  }

  /** Every word, id order (index = id). */
  public List<String> words() {
    return words;
  }

  private static List<String> worldWords() {
    TreeSet<String> set = new TreeSet<>(words(TEMPLATE_WORDS));
    List<String> phrases = new ArrayList<>();
    Arrays.stream(Cell.values()).forEach(c -> phrases.add(c.word()));
    Arrays.stream(Cell.Line.values()).forEach(l -> phrases.add(l.word()));
    Arrays.stream(Cell.Relation.values()).forEach(r -> phrases.add(r.word()));
    Arrays.stream(Cell.Direction.values()).forEach(d -> phrases.add(d.word()));
    Arrays.stream(Colour.values()).forEach(c -> phrases.add(c.word()));
    Arrays.stream(ShapeKind.values()).forEach(k -> phrases.add(k.word() + " " + k.plural()));
    Arrays.stream(Size.values()).forEach(s -> phrases.add(s.word()));
    phrases.addAll(Numbers.all());
    phrases.addAll(Concepts.allColourConcepts());
    phrases.addAll(Concepts.allShapeConcepts());
    phrases.forEach(p -> set.addAll(words(p)));
    return List.copyOf(set);
  }
}
