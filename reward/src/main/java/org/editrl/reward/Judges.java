package org.editrl.reward;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
    JudgeWeights w = JudgeWeights.parse(name);
    if (w.weights().size() == 1 && !name.contains("=")) {
      return single(w.weights().keySet().iterator().next());
    }
    return create(w);
  }

  /** The weighted mix of {@code weights}. */
  public static Judge create(JudgeWeights weights) {
    List<Judge> judges = new ArrayList<>();
    List<Double> ws = new ArrayList<>();
    weights.weights().forEach((n, wt) -> {
      judges.add(single(n));
      ws.add(wt);
    });
    return new CombinedJudge(judges, ws);
  }

  private static Judge single(String name) {
    Supplier<Judge> s = KNOWN.get(name.strip().toLowerCase(java.util.Locale.ROOT));
    if (s == null) {
      throw new UserError("unknown judge '" + name + "' (known: " + String.join(", ", names()) + ")");
    }
    return s.get();
  }
}
