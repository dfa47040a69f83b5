package org.editrl.actors.cluster;

import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.editrl.actors.config.EditrlConfig;

/**
 * A worker-like node in its own JVM for {@link ClusterKillTest}: joins the seed given as the
 * first argument, registers {@link ClusterNodeTest#responder()}, prints "UP" and waits to be
 * killed.
 */
public final class ClusterChildNode {
  private ClusterChildNode() {}

  public static void main(String[] args) throws Exception {
    EditrlConfig c = ClusterNodeTest.config();
    ClusterSettings s = ClusterSettings.from(c).withJoin(args[0]);
    ClusterNode<Void> node =
        ClusterNode.start(
            Behaviors.setup(ctx -> {
              ctx.spawn(ClusterNodeTest.responder(), "responder");
              return Behaviors.empty();
            }),
            s, c);
    node.awaitUp(Duration.ofSeconds(60));
    System.out.println("UP " + node.address());
    System.out.flush();
    node.system().getWhenTerminated().toCompletableFuture().get();
  }

  static List<String> command(String seed) {
    return List.of(
        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m",
        "-cp", System.getProperty("java.class.path"),
        ClusterChildNode.class.getName(),
        seed);
  }
}
