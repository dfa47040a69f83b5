package org.editrl.actors.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * learner's, and then starts one rollout or reward worker.
 */
public final class WorkerNode {
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
    Path base = config.optPath("editrl.train.base-checkpoint")
        .filter(p -> Files.isRegularFile(p.resolve(ModelCheckpoint.BASE_FILE)))
        .orElse(run.baseCheckpoint());
    Path weights = base.resolve(ModelCheckpoint.BASE_FILE);
    if (!Files.isRegularFile(weights) || !Sha256.ofFile(weights).equals(ack.getBaseId())) {
      listener.onFailed(new UserError("worker " + settings.workerId() + " cannot join: its base"
          + " checkpoint " + base + " is missing or differs from the learner's (SHA-256 "
          + ack.getBaseId() + "); copy the learner's base there or set"
          + " editrl.train.base-checkpoint"));
      return Behaviors.stopped();
    }
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
        .onMessage(TrainerFound.class, m -> Behaviors.same())
        .onMessage(Info.class, m -> Behaviors.same())
        .onSignal(PostStop.class, s -> {
          close();
          return Behaviors.same();
        })
        .build();
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
