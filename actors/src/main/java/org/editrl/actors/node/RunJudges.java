package org.editrl.actors.node;

import java.util.Map;
import java.util.Optional;
import org.editrl.core.UserError;
import org.editrl.reward.Judge;
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
    return Judges.create(spec, Map.of(VlmJudge.NAME, () -> new VlmJudge(vlm.orElseThrow(
        () -> new UserError("judge 'vlm' needs an endpoint: set editrl.runtime.vlm.endpoint "
            + "(e.g. http://127.0.0.1:8000/v1)")))));
  }
}
