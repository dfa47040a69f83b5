package org.editrl.cli;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.editrl.actors.cluster.ClusterNode;
import org.editrl.actors.cluster.ClusterSettings;
import org.editrl.actors.config.ConfigOptions;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.actors.metrics.EditrlMetrics;
import org.editrl.actors.metrics.MetricsServer;
import org.editrl.actors.metrics.MetricsSettings;
import org.editrl.actors.metrics.WeightSyncMetrics;
import org.editrl.actors.node.MetricsNodeListener;
import org.editrl.actors.node.TrainConfig;
import org.editrl.actors.node.WorkerNode;
import org.editrl.core.UserError;
import org.editrl.model.EngineThreads;
import org.editrl.proto.WorkerRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code editrl worker --role rollout|reward --join HOST:PORT}: a node that joins a running
 * {@code editrl train} and works until it is stopped (Ctrl-C, SIGTERM) or the learner leaves the
 * cluster (exit 0, with one line). It exits non-zero with one line when it cannot serve the run
 * (no base here matches the learner's) or when the cluster downs it.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description = "Join a running training as a rollout or reward worker node.")
final class WorkerCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--role", required = true, description = "rollout or reward.")
  String role;

  @Option(names = "--join", description = "HOST:PORT of the trainer node (as `editrl train` prints it); default: editrl.cluster.seed-nodes.")
  String join;

  @Option(names = "--id", description = "Worker id in the ledger and metrics (default: ROLE-HOST-PID).")
  String id;

  @Mixin ConfigOptions configOptions;

  @Override
  public Integer call() throws Exception {
    PrintStream err = WriterStreams.printStream(spec.commandLine().getErr());
    WorkerRole workerRole = switch (role.toLowerCase(java.util.Locale.ROOT)) {
      case "rollout" -> WorkerRole.ROLLOUT;
      case "reward" -> WorkerRole.REWARD;
      default -> throw new UserError("unknown role '" + role + "': use rollout or reward");
    };
    EditrlConfig config = configOptions.load();
    EngineThreads.set(TrainConfig.threads(config));
    ClusterSettings cluster = ClusterSettings.from(config);
    if (join != null) {
      cluster = cluster.withJoin(join);
    }
    if (cluster.seedNodes().isEmpty()
        && cluster.bootstrap() == ClusterSettings.Bootstrap.LOCAL) {
      throw new UserError("a worker needs the trainer's address: pass --join HOST:PORT (printed "
          + "by `editrl train`) or set editrl.cluster.seed-nodes");
    }
    String workerId = id != null ? id
        : role + "-" + ManagementFactory.getRuntimeMXBean().getName().replace('@', '-');
    PrometheusRegistry registry = new PrometheusRegistry();
    EditrlMetrics metrics = new EditrlMetrics(registry);
    MetricsSettings ms = MetricsSettings.from(config);
    try (MetricsServer server = ms.enabled() ? MetricsServer.start(ms, registry) : null) {
      if (server != null) {
        err.println("editrl worker: Prometheus metrics at " + server.url());
      }
      AtomicReference<Throwable> failure = new AtomicReference<>();
      MetricsNodeListener listener = new MetricsNodeListener(metrics,
          (Map<String, Object> line) -> { }, () -> { }, failure::set);
      try (ClusterNode<WorkerNode.Command> node = ClusterNode.start(
          WorkerNode.create(new WorkerNode.Settings(workerRole, workerId,
              cluster.host() + ":" + cluster.port()), config, listener,
              new WeightSyncMetrics(metrics, workerId)), cluster, config)) {
        err.println("editrl worker: " + workerId + " (" + role + ") joining "
            + String.join(", ", cluster.seedNodes()));
        // Runs until the actor system terminates (Ctrl-C runs Pekko's coordinated shutdown).
        node.system().getWhenTerminated().toCompletableFuture().join();
        if (failure.get() != null) {
          throw failure.get() instanceof UserError u ? u : new IllegalStateException(failure.get());
        }
        if (node.shuttingDownFor(WorkerNode.LEARNER_LEFT)) {
          err.println("editrl worker: the learner left the cluster (its run finished or was"
              + " stopped), so " + workerId + " stops too; start it again to join the next run or"
              + " the resumed one (editrl train --resume RUN)");
          return 0;
        }
        if (node.wasDowned()) {
          throw new UserError("the cluster removed (downed) this worker node: it and the learner"
              + " lost sight of each other for longer than"
              + " editrl.cluster.down-unreachable-after (the learner died, or the network failed);"
              + " its tasks were requeued. Start the worker again to rejoin the learner, or a"
              + " resumed one");
        }
      }
    }
    return 0;
  }
}
