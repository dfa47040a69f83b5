package org.editrl.actors.node;

import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.editrl.proto.RegistrationAck;
import org.editrl.proto.RunInfoRequest;

/**
 * Answers joining worker nodes with the run's settings, the WeightService endpoint, the base id
 * and the judge, so a worker needs only {@code --join} and its own copy of the base.
 */
public final class RunInfo {
  public static final ServiceKey<RunInfoRequest> KEY =
      ServiceKey.create(RunInfoRequest.class, "editrl-run-info");

  private RunInfo() {}

  public static Behavior<RunInfoRequest> create(RegistrationAck info, LongSupplier version) {
    return Behaviors.setup(ctx -> {
      ActorRefResolver resolver = ActorRefResolver.get(ctx.getSystem());
      return Behaviors.receiveMessage(request -> {
        ActorRef<RegistrationAck> replyTo = resolver.resolveActorRef(request.getReplyTo());
        replyTo.tell(info.toBuilder().setCurrentVersion(version.getAsLong()).build());
        ctx.getLog().info("sent run settings to joining worker {}", request.getWorkerId());
        return Behaviors.same();
      });
    });
  }
}
