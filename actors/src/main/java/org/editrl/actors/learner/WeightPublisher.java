package org.editrl.actors.learner;

import java.util.List;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.editrl.actors.weights.WeightStore;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.proto.WeightManifest;

/**
 * Hands each new adapter version to the WeightService's store, from which subscribed rollout
 * workers fetch it over gRPC. Publishing is serialised through this actor so versions arrive in
 * order and the learner never waits on hashing or chunking.
 */
public final class WeightPublisher {
  public sealed interface Command {}

  /** @param version the learner step that produced the adapter */
  public record Publish(long version, List<NamedTensor> adapter) implements Command {}

  public static Behavior<Command> create(WeightStore store) {
    return Behaviors.setup(ctx -> Behaviors.receive(Command.class)
        .onMessage(Publish.class, m -> {
          WeightManifest manifest = store.publish(m.adapter(), m.version());
          ctx.getLog().debug("published adapter version {} (learner step {}, {} bytes)",
              manifest.getVersion(), m.version(), manifest.getTotalBytes());
          return Behaviors.same();
        })
        .build());
  }
}
