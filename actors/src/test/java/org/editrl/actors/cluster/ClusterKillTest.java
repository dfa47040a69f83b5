package org.editrl.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Cluster;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.proto.CoordinatorRequest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A worker JVM killed with SIGKILL is downed by the split-brain resolver, and actors watching
 * its actors get Terminated (which is what requeues its leases).
 */
@Tag("slow")
class ClusterKillTest {
  static Behavior<Void> watcher(ActorRef<CoordinatorRequest> target, ActorRef<String> report) {
    return Behaviors.<Void>setup(ctx -> {
      ctx.watch(target);
      return Behaviors.<Void>receive(Void.class)
          .onSignal(Terminated.class, t -> {
            report.tell("terminated " + t.getRef().path());
            return Behaviors.stopped();
          })
          .build();
    }).narrow();
  }

  @Test
  void aKilledNodeIsDownedAndWatchersGetTerminated() throws Exception {
    EditrlConfig c = ClusterNodeTest.config();
    try (ClusterNode<Void> learner = ClusterNode.start(Behaviors.empty(), ClusterSettings.from(c), c)) {
      learner.awaitUp(Duration.ofSeconds(20));
      Process child = new ProcessBuilder(ClusterChildNode.command(learner.joinTarget()))
          .redirectErrorStream(true)
          .start();
      try {
        CompletableFuture<String> upLine = CompletableFuture.supplyAsync(() -> {
          try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
              if (line.startsWith("UP ")) {
                return line;
              }
            }
            return "child exited";
          } catch (java.io.IOException e) {
            return e.toString();
          }
        });
        assertThat(upLine.get(60, TimeUnit.SECONDS)).startsWith("UP pekko://editrl@127.0.0.1:");

        TestProbe<Receptionist.Listing> listings = TestProbe.create(learner.system());
        learner.system().receptionist().tell(Receptionist.subscribe(ClusterNodeTest.KEY, listings.getRef()));
        Set<ActorRef<CoordinatorRequest>> found = Set.of();
        while (found.isEmpty()) {
          found = listings.receiveMessage(Duration.ofSeconds(30)).getServiceInstances(ClusterNodeTest.KEY);
        }
        ActorRef<CoordinatorRequest> remote = found.iterator().next();
        TestProbe<String> reports = TestProbe.create(learner.system());
        learner.system().systemActorOf(watcher(remote, reports.getRef()), "watcher", org.apache.pekko.actor.typed.Props.empty());
        assertThat(Cluster.get(learner.system()).state().getMembers()).hasSize(2);

        child.destroyForcibly(); // SIGKILL: no goodbye to the cluster
        assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

        assertThat(reports.receiveMessage(Duration.ofSeconds(60))).startsWith("terminated ");
        reports.awaitAssert(Duration.ofSeconds(20), () -> {
          assertThat(Cluster.get(learner.system()).state().getMembers()).hasSize(1);
          return null;
        });
      } finally {
        child.destroyForcibly();
      }
    }
  }
}
