package org.editrl.reward;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.editrl.core.UserError;

/**
 * Weights of a judge mix, judge name → weight ≥ 0 (not all 0), in the order given. Parsed from
 * {@code "verifiable=0.7,clip=0.3"}; a bare name has weight 1 ({@code "verifiable"}).
 */
public record JudgeWeights(Map<String, Double> weights) {
  public JudgeWeights {
    if (weights.isEmpty()) {
      throw new UserError("no judges given (e.g. --judge verifiable)");
    }
    double total = 0;
    for (var e : weights.entrySet()) {
      if (!(e.getValue() >= 0) || Double.isInfinite(e.getValue())) {
        throw new UserError("judge weight for '" + e.getKey() + "' must be >= 0, got " + e.getValue());
      }
      total += e.getValue();
    }
    if (total <= 0) {
      throw new UserError("judge weights must not all be zero: " + weights);
    }
    weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
  }

  public static JudgeWeights parse(String spec) {
    if (spec == null || spec.isBlank()) {
      throw new UserError("empty judge spec (e.g. verifiable or verifiable=0.7,clip=0.3)");
    }
    Map<String, Double> w = new LinkedHashMap<>();
    for (String part : spec.split(",")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      String name = (eq < 0 ? p : p.substring(0, eq)).strip();
      double weight = 1.0;
      if (eq >= 0) {
        try {
          weight = Double.parseDouble(p.substring(eq + 1).strip());
        } catch (NumberFormatException e) {
          throw new UserError("bad judge weight in '" + p + "' (expected name=number)");
        }
      }
      if (name.isEmpty()) {
        throw new UserError("missing judge name in '" + spec + "'");
      }
      if (w.put(name, weight) != null) {
        throw new UserError("judge '" + name + "' given twice in '" + spec + "'");
      }
    }
    return new JudgeWeights(w);
  }
}
