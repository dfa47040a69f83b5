package org.editrl.actors.endpoint;

import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * A child actor that receives one (protobuf) message type — what remote nodes send — and hands
 * each message, wrapped into the parent's protocol, to its parent. Register it with the
 * Receptionist or pass it as a reply-to; the parent stays free to subscribe to listings.
 */
public final class Endpoint {
  private Endpoint() {}

  public static <T, C> ActorRef<T> spawn(ActorContext<C> ctx, String name,
      Function<T, C> wrap) {
    ActorRef<C> parent = ctx.getSelf();
    return ctx.spawn(Behaviors.<T>receiveMessage(message -> {
      parent.tell(wrap.apply(message));
      return Behaviors.same();
    }), name);
  }
}
