package org.editrl.actors.node;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.core.UserError;
import org.editrl.learner.advantage.AdvantageMode;
import org.editrl.learner.grpo.GrpoSettings;
import org.editrl.learner.grpo.Objective;
import org.editrl.learner.sync.TrainSettings;
import org.editrl.model.LoraTargets;
import org.editrl.reward.vlm.VlmSettings;
import org.editrl.rollout.InitialNoise;
import org.editrl.rollout.WindowPlacement;

/** Reads {@code editrl.train} and {@code editrl.runtime} into their settings records, once. */
public final class TrainConfig {
  /** {@code --preset smoke}: a run of about a minute on a tiny base (applied before --set). */
  public static final List<String> SMOKE = List.of(
      "editrl.train.base-checkpoint=runs/base-smoke",
      "editrl.train.steps=3",
      "editrl.train.group-size=4",
      "editrl.train.tasks-per-step=2",
      "editrl.train.sampling-steps=6",
      "editrl.train.window=2",
      "editrl.train.checkpoint-every=2",
      "editrl.train.eval-every=0",
      "editrl.train.eval-tasks=8");

  private TrainConfig() {}

  /** The preset's overrides followed by the user's, so the user's win. */
  public static List<String> withPreset(String preset, List<String> sets) {
    List<String> all = new ArrayList<>();
    switch (preset.toLowerCase(java.util.Locale.ROOT)) {
      case "default" -> { }
      case "smoke" -> all.addAll(SMOKE);
      default -> throw new UserError("unknown preset '" + preset + "': use default or smoke");
    }
    all.addAll(sets);
    return all;
  }

  public static GrpoSettings grpo(EditrlConfig c) {
    return new GrpoSettings(
        Objective.parse(c.string("editrl.train.objective")),
        AdvantageMode.parse(c.string("editrl.train.advantage")),
        c.intValue("editrl.train.group-size", 2, 1024),
        c.intValue("editrl.train.tasks-per-step", 1, 1024),
        c.intValue("editrl.train.sampling-steps", 1, 1000),
        c.intValue("editrl.train.window", 1, 1000),
        (float) c.doubleValue("editrl.train.noise-level"),
        (float) c.doubleValue("editrl.train.clip-range"),
        (float) c.doubleValue("editrl.train.kl-beta"),
        c.intValue("editrl.train.inner-epochs", 1, 100),
        (float) c.doubleValue("editrl.train.learning-rate"),
        c.doubleValue("editrl.train.warmup-fraction"),
        (float) c.doubleValue("editrl.train.max-grad-norm"),
        (float) c.doubleValue("editrl.train.weight-decay"),
        c.bool("editrl.train.token-focus"),
        InitialNoise.parse(c.string("editrl.train.initial-noise")),
        WindowPlacement.parse(c.string("editrl.train.window-placement")),
        c.intValue("editrl.train.noise-block", 1, 4096)).validated();
  }

  public static TrainSettings train(EditrlConfig c) {
    return new TrainSettings(
        c.longValue("editrl.run.seed"),
        c.longValue("editrl.train.steps"),
        c.longValue("editrl.train.world-seed"),
        c.intValue("editrl.train.resolution", 8, 4096),
        grpo(c),
        c.path("editrl.train.base-checkpoint"),
        c.intValue("editrl.train.checkpoint-every", 1, Integer.MAX_VALUE),
        c.intValue("editrl.train.keep-checkpoints", 1, 1000),
        c.intValue("editrl.train.eval-every", 0, Integer.MAX_VALUE),
        c.intValue("editrl.train.eval-tasks", 0, 100_000),
        LoraTargets.parse(c.string("editrl.train.lora-targets")),
        c.intValue("editrl.train.lora-rank", 0, 1024)).validated();
  }

  public static Path baseCheckpoint(EditrlConfig c) {
    return c.path("editrl.train.base-checkpoint");
  }

  public static int threads(EditrlConfig c) {
    return c.intValue("editrl.train.threads", 1, 256);
  }

  public static RuntimeSettings runtime(EditrlConfig c) {
    return new RuntimeSettings(
        c.intValue("editrl.runtime.rollout-workers", 0, 64),
        c.intValue("editrl.runtime.reward-workers", 0, 64),
        c.string("editrl.runtime.judge"),
        c.intValue("editrl.runtime.judge-concurrency", 1, 1024),
        c.duration("editrl.runtime.judge-timeout"),
        c.intValue("editrl.runtime.max-staleness", 0, 1000),
        c.duration("editrl.runtime.lease"),
        c.intValue("editrl.runtime.max-in-flight", 1, 100_000)).validated();
  }

  /** The VLM judge's endpoint, when one is configured. */
  public static Optional<VlmSettings> vlm(EditrlConfig c) {
    return c.optString("editrl.runtime.vlm.endpoint").map(endpoint -> new VlmSettings(
        URI.create(endpoint), c.string("editrl.runtime.vlm.model"),
        c.optString("editrl.runtime.vlm.api-key"), c.duration("editrl.runtime.vlm.timeout")));
  }
}
