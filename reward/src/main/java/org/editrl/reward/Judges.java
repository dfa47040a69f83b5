package org.editrl.reward;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.editrl.core.UserError;

/**
 * Makes judges by name. Known names: {@code verifiable} ({@link VerifiableJudge}). Learned
 * judges (CLIP, VLM) are registered here when they exist. A spec with weights
 * ({@code "verifiable=0.7,clip=0.3"}) gives a {@link CombinedJudge}.
 */
public final class Judges {
  private static final Map<String, Supplier<Judge>> KNOWN = new TreeMap<>();

  static {
    KNOWN.put(VerifiableJudge.NAME, VerifiableJudge::new);
  }

  private Judges() {}

  /** The names {@link #create} knows, sorted. */
  public static List<String> names() {
    return List.copyOf(KNOWN.keySet());
  }

  /**
   * The judge named {@code name}, or the weighted mix a spec such as
   * {@code "verifiable=0.7,clip=0.3"} describes (a single name with no weight is that judge
   * itself).
   *
   * @throws UserError naming the known judges when a name is unknown
   */
  public static Judge create(String name) {
    return create(name, Map.of());
  }

  /**
   * {@link #create(String)} that also knows {@code extra} judges by name — those that need
   * settings from outside this module (e.g. a VLM endpoint).
   */
  public static Judge create(String spec, Map<String, Supplier<Judge>> extra) {
    JudgeWeights w = JudgeWeights.parse(spec);
    if (w.weights().size() == 1 && !spec.contains("=")) {
      return single(w.weights().keySet().iterator().next(), extra);
    }
    return create(w, extra);
  }

  /** The weighted mix of {@code weights}. */
  public static Judge create(JudgeWeights weights) {
    return create(weights, Map.of());
  }

  private static Judge create(JudgeWeights weights, Map<String, Supplier<Judge>> extra) {
    List<Judge> judges = new ArrayList<>();
    List<Double> ws = new ArrayList<>();
    weights.weights().forEach((n, wt) -> {
      judges.add(single(n, extra));
      ws.add(wt);
    });
    return new CombinedJudge(judges, ws);
  }

  private static Judge single(String name, Map<String, Supplier<Judge>> extra) {
    String key = name.strip().toLowerCase(java.util.Locale.ROOT);
    Supplier<Judge> s = KNOWN.containsKey(key) ? KNOWN.get(key) : extra.get(key);
    if (s == null) {
      TreeSet<String> known = new TreeSet<>(KNOWN.keySet());
      known.addAll(extra.keySet());
      throw new UserError("unknown judge '" + name + "' (known: " + String.join(", ", known) + ")");
    }
    return s.get();
  }
}
