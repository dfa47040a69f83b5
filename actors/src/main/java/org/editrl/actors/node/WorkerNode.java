package org.editrl.actors.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.actors.endpoint.Endpoint;
import org.editrl.actors.weights.WeightSettings;
import org.editrl.actors.weights.WeightSyncListener;
import org.editrl.core.JsonLines;
import org.editrl.core.Sha256;
import org.editrl.core.UserError;
import org.editrl.learner.sync.TrainSettings;
import org.editrl.model.checkpoint.ModelCheckpoint;
import org.editrl.proto.RegistrationAck;
import org.editrl.proto.RunInfoRequest;
import org.editrl.proto.WorkerRole;
import org.editrl.world.EditWorld;

/**
 * The guardian of a worker node that joins a running training: it asks the trainer node for the
 * run's settings (through the Receptionist), checks its own copy of the base against the
 * learner's, and then starts one rollout or reward worker. When the learner's node leaves the
 * cluster (its run ended or was stopped) the worker node shuts down with {@link #LEARNER_LEFT}: it
 * cannot serve a later learner from inside the old cluster, but started again it joins one.
 */
public final class WorkerNode {
  /** The coordinated-shutdown reason of a worker node whose learner left the cluster. */
  public static final CoordinatedShutdown.Reason LEARNER_LEFT = new CoordinatedShutdown.Reason() {
    @Override
    public String toString() {
      return "LearnerLeft";
    }
  };

  public sealed interface Command {}

  private record TrainerFound(Receptionist.Listing listing) implements Command {}

  private record Info(RegistrationAck ack) implements Command {}

  /**
   * @param role rollout or reward
   * @param workerId this worker's id in the ledger and metrics
   * @param address host:port of this node, for logs
   */
  public record Settings(WorkerRole role, String workerId, String address) {}

  public static Behavior<Command> create(Settings settings, EditrlConfig config,
      NodeListener listener, WeightSyncListener weightListener) {
    return Behaviors.setup(ctx -> new WorkerNode(ctx, settings, config, listener,
        weightListener).waiting());
  }

  private final ActorContext<Command> ctx;
  private final Settings settings;
  private final EditrlConfig config;
  private final NodeListener listener;
  private final WeightSyncListener weightListener;
  private final ActorRef<RegistrationAck> infoEndpoint;
  private final List<AutoCloseable> resources = new ArrayList<>();

  private WorkerNode(ActorContext<Command> ctx, Settings settings, EditrlConfig config,
      NodeListener listener, WeightSyncListener weightListener) {
    this.ctx = ctx;
    this.settings = settings;
    this.config = config;
    this.listener = listener;
    this.weightListener = weightListener;
    this.infoEndpoint = Endpoint.spawn(ctx, "run-info", Info::new);
    ctx.getSystem().receptionist().tell(Receptionist.subscribe(RunInfo.KEY,
        ctx.messageAdapter(Receptionist.Listing.class, TrainerFound::new)));
  }

  private Behavior<Command> waiting() {
    return Behaviors.receive(Command.class)
        .onMessage(TrainerFound.class, m -> {
          for (ActorRef<RunInfoRequest> trainer : m.listing().getServiceInstances(RunInfo.KEY)) {
            trainer.tell(RunInfoRequest.newBuilder()
                .setWorkerId(settings.workerId())
                .setReplyTo(ActorRefResolver.get(ctx.getSystem())
                    .toSerializationFormat(infoEndpoint))
                .build());
          }
          return Behaviors.same();
        })
        .onMessage(Info.class, m -> start(m.ack()))
        .build();
  }

  private Behavior<Command> start(RegistrationAck ack) throws IOException {
    TrainSettings run = JsonLines.MAPPER.readValue(ack.getRunSettingsJson(), TrainSettings.class);
    // This node's configured base first (its own disk), then the learner's path (a shared disk);
    // the first whose weights are the learner's serves. A default path holding another preset's
    // base must not stop a worker that can read the learner's.
    List<Path> candidates = new ArrayList<>();
    config.optPath("editrl.train.base-checkpoint").ifPresent(candidates::add);
    candidates.add(run.baseCheckpoint());
    Optional<Path> matching = candidates.stream()
        .distinct() // one path may be both: hash it once
        .filter(p -> isBase(p.resolve(ModelCheckpoint.BASE_FILE), ack.getBaseId()))
        .findFirst();
    if (matching.isEmpty()) {
      listener.onFailed(new UserError("worker " + settings.workerId() + " cannot join: no base"
          + " checkpoint here matches the learner's (SHA-256 " + ack.getBaseId() + "; tried "
          + candidates.stream().distinct().map(Path::toString).toList() + "); copy the learner's"
          + " base to one of them or point editrl.train.base-checkpoint at a copy"));
      return Behaviors.stopped();
    }
    Path base = matching.get();
    ctx.getLog().info("worker {} ({}) joins run {} at adapter version {}; weights from {}",
        settings.workerId(), settings.role(), ack.getRunId(), ack.getCurrentVersion(),
        ack.getWeightService());
    Workers workers = new Workers(run, new EditWorld(run.worldSeed(), run.resolution()), base,
        ack.getBaseId(), ack.getWeightService(), WeightSettings.from(config), weightListener,
        listener, TrainConfig.runtime(config),
        () -> RunJudges.create(ack.getJudge(), TrainConfig.vlm(config)), resources);
    if (settings.role() == WorkerRole.ROLLOUT) {
      workers.spawnRolloutWorker(ctx, settings.workerId(), settings.address());
    } else {
      workers.spawnRewardWorker(ctx, settings.workerId());
    }
    return Behaviors.receive(Command.class)
        .onMessage(TrainerFound.class, this::onListingWhileServing)
        .onMessage(Info.class, m -> Behaviors.same())
        .onSignal(PostStop.class, s -> {
          close();
          return Behaviors.same();
        })
        .build();
  }

  /**
   * All instances, unreachable ones included: a learner that is only unreachable for a while may
   * come back (and if it does not, the side without it downs itself), so only a learner whose node
   * was removed from the cluster counts as gone.
   */
  private Behavior<Command> onListingWhileServing(TrainerFound m) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(ctx.getSystem());
    if (m.listing().getAllServiceInstances(RunInfo.KEY).isEmpty()
        && shutdown.getShutdownReason().isEmpty()) {
      ctx.getLog().info("worker {}: the learner left the cluster; shutting down",
          settings.workerId());
      shutdown.runAll(LEARNER_LEFT);
    }
    return Behaviors.same();
  }

  private static boolean isBase(Path weights, String sha256) {
    return Files.isRegularFile(weights) && Sha256.ofFile(weights).equals(sha256);
  }

  private void close() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        ctx.getLog().warn("closing {} failed: {}", resources.get(i), e.toString());
      }
    }
  }

}
