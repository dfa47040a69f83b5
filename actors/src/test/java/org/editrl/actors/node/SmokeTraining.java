package org.editrl.actors.node;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.learner.sync.TrainingRun;
import org.editrl.model.EditPolicy;
import org.editrl.model.ModelConfig;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.world.Vocabulary;

/** A smoke-sized training on the actor runtime, in this JVM, on free loopback ports. */
public final class SmokeTraining {
  private SmokeTraining() {}

  /** Writes an untrained smoke base (the seed picks its weights) to {@code dir}. */
  public static Path base(Path dir, long seed) {
    try (EditPolicy policy = EditPolicy.create(ModelConfig.smoke(Vocabulary.world().size()), seed)) {
      ModelCheckpoint.save(dir, policy, 0, 0);
    }
    return dir;
  }

  /** The smoke preset on {@code base} for {@code steps} steps, no periodic checkpoints. */
  public static EditrlConfig config(Path base, long steps, String... sets) {
    List<String> all = new ArrayList<>(List.of(
        "editrl.train.base-checkpoint=\"" + base + "\"",
        "editrl.train.steps=" + steps,
        "editrl.train.checkpoint-every=" + (steps + 1),
        "editrl.cluster.port=0", "editrl.metrics.port=0", "editrl.weights.port=0"));
    all.addAll(List.of(sets));
    return EditrlConfig.load(null, TrainConfig.withPreset("smoke", all));
  }

  /** Starts the run in {@code run} on the actor runtime; {@code onUpdate} sees each metrics line. */
  public static AsyncTraining start(TrainingRun training, EditrlConfig cfg,
      Consumer<Map<String, Object>> onUpdate) {
    RuntimeSettings runtime = TrainConfig.runtime(cfg);
    return AsyncTraining.start(training, cfg, runtime,
        RunJudges.create(runtime.judge(), TrainConfig.vlm(cfg)), onUpdate, System.err);
  }
}
