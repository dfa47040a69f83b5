package org.editrl.actors.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.editrl.core.UserError;
import org.editrl.reward.CombinedJudge;
import org.editrl.reward.Judge;
import org.editrl.reward.JudgeWeights;
import org.editrl.reward.Judges;
import org.editrl.reward.vlm.VlmJudge;
import org.editrl.reward.vlm.VlmSettings;

/**
 * The judge of a run from its spec ({@code "verifiable"}, {@code "vlm"}, or a weighted mix such
 * as {@code "verifiable=0.7,vlm=0.3"}): the built-in judges by name, the VLM from the configured
 * endpoint.
 */
public final class RunJudges {
  private RunJudges() {}

  public static Judge create(String spec, Optional<VlmSettings> vlm) {
    JudgeWeights weights = JudgeWeights.parse(spec);
    List<Judge> judges = new ArrayList<>();
    List<Double> ws = new ArrayList<>();
    for (Map.Entry<String, Double> e : weights.weights().entrySet()) {
      judges.add(single(e.getKey(), vlm));
      ws.add(e.getValue());
    }
    if (judges.size() == 1 && !spec.contains("=")) {
      return judges.get(0);
    }
    return new CombinedJudge(judges, ws);
  }

  private static Judge single(String name, Optional<VlmSettings> vlm) {
    if (VlmJudge.NAME.equalsIgnoreCase(name.strip())) {
      return new VlmJudge(vlm.orElseThrow(() -> new UserError("judge 'vlm' needs an endpoint: "
          + "set editrl.runtime.vlm.endpoint (e.g. http://127.0.0.1:8000/v1)")));
    }
    return Judges.create(name);
  }
}
