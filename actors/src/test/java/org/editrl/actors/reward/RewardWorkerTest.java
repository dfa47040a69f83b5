package org.editrl.actors.reward;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.editrl.actors.coordinator.Coordinator;
import org.editrl.actors.learner.Learner;
import org.editrl.core.RgbImage;
import org.editrl.learner.grpo.GrpoSettings;
import org.editrl.learner.pipeline.PolicyRollout;
import org.editrl.learner.pipeline.WorldTasks;
import org.editrl.model.EditPolicy;
import org.editrl.model.ModelConfig;
import org.editrl.proto.CoordinatorRequest;
import org.editrl.proto.ScoredGroup;
import org.editrl.proto.TrajectoryGroup;
import org.editrl.reward.Judge;
import org.editrl.reward.JudgeResult;
import org.editrl.reward.VerifiableJudge;
import org.editrl.world.EditTask;
import org.editrl.world.EditWorld;
import org.editrl.world.Split;
import org.editrl.world.Vocabulary;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A reward worker with a judge that hangs on one task: that group is requeued, others flow. */
class RewardWorkerTest {
  private final ActorTestKit kit = ActorTestKit.create();
  private final CountDownLatch never = new CountDownLatch(1);
  private final ExecutorService judgeCalls = Executors.newFixedThreadPool(8);

  @AfterEach
  void stop() {
    never.countDown();
    judgeCalls.shutdownNow();
    kit.shutdownTestKit();
  }

  @Test
  void aHangingJudgeTimesOutTheGroupWhichIsRequeuedAndTheNextGroupIsScored() throws Exception {
    EditWorld world = new EditWorld(1, 32);
    EditTask hangs = world.task(Split.TRAIN, 0);
    EditTask fine = world.task(Split.TRAIN, 1);
    Judge verifiable = new VerifiableJudge();
    Judge judge = new Judge() {
      @Override
      public String name() {
        return "flaky";
      }

      @Override
      public JudgeResult score(EditTask task, RgbImage candidate) {
        if (task.id().equals(hangs.id())) {
          try {
            never.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        return verifiable.score(task, candidate);
      }
    };

    TestProbe<CoordinatorRequest> coordinator = kit.createTestProbe();
    TestProbe<ScoredGroup> learner = kit.createTestProbe();
    TestProbe<Receptionist.Registered> registered = kit.createTestProbe();
    kit.system().receptionist().tell(
        Receptionist.register(Coordinator.KEY, coordinator.getRef(), registered.getRef()));
    kit.system().receptionist().tell(
        Receptionist.register(Learner.KEY, learner.getRef(), registered.getRef()));
    registered.receiveSeveralMessages(2);

    RewardEngine engine = new RewardEngine(judge, world, judgeCalls, Duration.ofMillis(300));
    ActorRef<RewardWorker.Command> worker = kit.spawn(RewardWorker.create(
        new RewardWorker.Settings("reward-test", 2), engine, new RewardWorker.Listener() {
          @Override
          public void onScored(ScoredGroup scored) {}

          @Override
          public void onFailed(TrajectoryGroup group, Throwable failure) {}

          @Override
          public void onQueueDepth(int depth) {}
        }));
    // The worker registers its endpoint; send the groups through the Receptionist as rollouts do.
    TestProbe<Receptionist.Listing> listing = kit.createTestProbe();
    ActorRef<TrajectoryGroup> endpoint = null;
    while (endpoint == null) {
      kit.system().receptionist().tell(Receptionist.find(RewardWorker.KEY, listing.getRef()));
      var found = listing.receiveMessage().getServiceInstances(RewardWorker.KEY);
      endpoint = found.isEmpty() ? null : found.iterator().next();
    }
    endpoint.tell(group(world, hangs, "lease-hangs"));
    endpoint.tell(group(world, fine, "lease-fine"));

    ScoredGroup scored = learner.receiveMessage(Duration.ofSeconds(30));
    assertThat(scored.getGroup().getLeaseId()).isEqualTo("lease-fine");
    assertThat(scored.getRewardsCount()).isEqualTo(2);
    CoordinatorRequest returned = coordinator.receiveMessage(Duration.ofSeconds(30));
    assertThat(returned.getLeaseReturned().getLeaseId()).isEqualTo("lease-hangs");
    assertThat(returned.getLeaseReturned().getReason()).isEqualTo("judge_failed");
    assertThat(returned.getLeaseReturned().getDetail()).contains("timed out");
    assertThat(worker).isNotNull();
  }

  /** A real group of two edits sampled by a fresh smoke policy. */
  private static TrajectoryGroup group(EditWorld world, EditTask task, String leaseId) {
    GrpoSettings g = GrpoSettings.defaults();
    GrpoSettings two = new GrpoSettings(g.objective(), g.advantageMode(), 2, 1, 4, 2,
        g.noiseLevel(), g.clipRange(), g.klBeta(), 1, g.learningRate(), g.warmupFraction(),
        g.maxGradNorm(), g.weightDecay(), true, g.initialNoise(), g.windowPlacement(), 1);
    try (EditPolicy policy = EditPolicy.create(ModelConfig.smoke(Vocabulary.world().size()), 1);
        NDManager m = NDManager.newBaseManager()) {
      PolicyRollout rollout = PolicyRollout.of(policy, two, policy.config().maxTokens(), () -> 0L);
      return rollout.sampleGroup(m, task, 0, 7).toProto(WorldTasks.toProto(task, 0), 0)
          .toBuilder().setLeaseId(leaseId).build();
    }
  }
}
