package org.editrl.actors.node;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.editrl.actors.cluster.ClusterNode;
import org.editrl.actors.cluster.ClusterSettings;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.actors.metrics.EditrlMetrics;
import org.editrl.actors.metrics.MetricsServer;
import org.editrl.actors.metrics.MetricsSettings;
import org.editrl.actors.metrics.WeightSyncMetrics;
import org.editrl.actors.weights.WeightServer;
import org.editrl.actors.weights.WeightSettings;
import org.editrl.actors.weights.WeightStore;
import org.editrl.core.Sha256;
import org.editrl.core.UserError;
import org.editrl.learner.sync.TrainingRun;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.reward.Judge;

/**
 * Runs a training job on the actor runtime: the Prometheus exporter, the gRPC WeightService, and
 * a cluster node whose guardian is the {@link TrainerNode}. Returns when the learner has done
 * every step (or after a requested stop), with the final checkpoint written.
 *
 * <p>Stopping early goes through Pekko's coordinated shutdown, whose JVM hook runs on Ctrl-C or
 * SIGTERM: one task lets the learner finish its update and write a checkpoint before the actor
 * system goes. The same happens when the cluster downs the learner's own node (the split-brain
 * resolver, or an operator's {@code down}); the run cannot go on then (its workers are cut off
 * and none can join it again), so {@link #awaitFinished()} fails with a resume hint.
 */
public final class AsyncTraining implements AutoCloseable {
  /** How long the learner may take to finish its update and checkpoint when stopped early. */
  private static final Duration FINAL_CHECKPOINT = Duration.ofMinutes(4);

  private final TrainingRun training;
  private final MetricsServer metricsServer;
  private final WeightServer weightServer;
  private final ClusterNode<TrainerNode.Command> node;
  private final CompletableFuture<Void> finished = new CompletableFuture<>();
  private final EditrlMetrics metrics;
  private final PrintStream err;
  private volatile boolean downed;

  private AsyncTraining(TrainingRun training, EditrlConfig config, RuntimeSettings runtime,
      Judge judge, Consumer<Map<String, Object>> onUpdate, PrintStream err) {
    this.training = training;
    this.err = err;
    PrometheusRegistry registry = new PrometheusRegistry();
    this.metrics = new EditrlMetrics(registry);
    MetricsSettings ms = MetricsSettings.from(config);
    this.metricsServer = ms.enabled() ? MetricsServer.start(ms, registry) : null;
    if (metricsServer != null) {
      err.println("editrl train: Prometheus metrics at " + metricsServer.url());
    }
    WeightSettings ws = WeightSettings.from(config);
    String baseId = Sha256.ofFile(
        training.settings().baseCheckpoint().resolve(ModelCheckpoint.BASE_FILE));
    WeightStore store = new WeightStore(baseId, ws.chunkBytes(), ws.keepVersions());
    this.weightServer = WeightServer.start(ws, store, new WeightSyncMetrics(metrics, "learner"));
    err.println("editrl train: WeightService (gRPC) at " + weightServer.target());
    NodeListener listener = new MetricsNodeListener(metrics, onUpdate,
        () -> finished.complete(null), finished::completeExceptionally);
    TrainerNode.Parts parts = new TrainerNode.Parts(training, runtime, store,
        weightServer.target(), ws, new WeightSyncMetrics(metrics, "local"), listener,
        () -> judge, metrics);
    this.node = ClusterNode.start(TrainerNode.create(parts), ClusterSettings.from(config), config);
    CoordinatedShutdown.get(node.system()).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(),
        "editrl-final-checkpoint", this::checkpointOnEarlyShutdown);
    // Any other way the actor system ends before the last step must not leave awaitFinished hanging.
    node.system().getWhenTerminated().thenRun(() -> finished.completeExceptionally(new UserError(
        "the learner's actor system stopped before the run finished (see the log above); resume with: "
            + resumeCommand())));
    err.println("editrl train: cluster node " + node.joinTarget()
        + " (workers join with: editrl worker --role rollout|reward --join " + node.joinTarget()
        + ")");
  }

  public static AsyncTraining start(TrainingRun training, EditrlConfig config,
      RuntimeSettings runtime, Judge judge, Consumer<Map<String, Object>> onUpdate,
      PrintStream err) {
    return new AsyncTraining(training, config, runtime, judge, onUpdate, err);
  }

  public EditrlMetrics metrics() {
    return metrics;
  }

  public ClusterNode<TrainerNode.Command> node() {
    return node;
  }

  public String weightTarget() {
    return weightServer.target();
  }

  public int metricsPort() {
    return metricsServer == null ? -1 : metricsServer.port();
  }

  public CompletionStage<Void> finished() {
    return finished;
  }

  /**
   * Waits until every step is done.
   *
   * @throws UserError if the learner's node was downed or its actor system stopped first
   */
  public void awaitFinished() throws InterruptedException {
    try {
      finished.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UserError u) {
        throw u;
      }
      throw new IllegalStateException("training failed: " + e.getCause(), e.getCause());
    }
    if (downed) {
      throw new UserError("the cluster removed (downed) this learner's node at step "
          + training.learner().step() + "; it wrote a checkpoint and stopped. Check the network"
          + " and worker logs above, then resume with: " + resumeCommand());
    }
  }

  /**
   * Coordinated-shutdown task: on Ctrl-C / SIGTERM, or when this node was downed, before the last
   * step, the learner finishes its update and checkpoints. Nothing to do after the last step.
   */
  private CompletionStage<Done> checkpointOnEarlyShutdown() {
    boolean downing = node.wasDowned();
    if (finished.isDone() || !(downing || node.isJvmExiting())) {
      return CompletableFuture.completedFuture(Done.getInstance());
    }
    downed = downing;
    err.println("editrl train: stopping (" + (downing ? "this node was downed" : "signal")
        + "): the learner finishes its update and writes a checkpoint");
    return AskPattern.ask(node.system(), TrainerNode.Stop::new, FINAL_CHECKPOINT,
        node.system().scheduler());
  }

  private String resumeCommand() {
    return "editrl train --resume " + training.runDirectory().root().toAbsolutePath();
  }

  @Override
  public void close() {
    node.close();
    weightServer.close();
    if (metricsServer != null) {
      metricsServer.close();
    }
  }
}
