package org.editrl.actors.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.serialization.DisabledJavaSerializer;
import org.apache.pekko.serialization.SerializationExtension;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.core.UserError;
import org.editrl.proto.CoordinatorRequest;
import org.editrl.proto.NoTask;
import org.editrl.proto.TaskOffer;
import org.editrl.proto.TaskRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two actor systems in one JVM on 127.0.0.1 with ephemeral ports, forming a real cluster. */
class ClusterNodeTest {
  static final ServiceKey<CoordinatorRequest> KEY = ServiceKey.create(CoordinatorRequest.class, "cluster-test");

  private final List<ClusterNode<?>> nodes = new ArrayList<>();

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

  @AfterEach
  void stopNodes() {
    for (int i = nodes.size() - 1; i >= 0; i--) {
      nodes.get(i).close();
    }
  }

  static EditrlConfig config(String... sets) {
    List<String> all = new ArrayList<>(List.of(
        "editrl.cluster.port=0",
        "editrl.cluster.join.retry-interval=200ms",
        "editrl.cluster.join.warn-after=300ms",
        "editrl.cluster.down-unreachable-after=1s"));
    all.addAll(List.of(sets));
    return EditrlConfig.load(null, all);
  }

  private <T> ClusterNode<T> start(Behavior<T> guardian, ClusterSettings s, EditrlConfig c,
      java.util.function.Consumer<String> report) {
    ClusterNode<T> node = ClusterNode.start(guardian, s, c, report);
    nodes.add(node);
    return node;
  }

  /** Answers every task request with a NoTask naming this node: a protobuf round trip. */
  static Behavior<CoordinatorRequest> responder() {
    return Behaviors.setup(ctx -> {
      ctx.getSystem().receptionist().tell(Receptionist.register(KEY, ctx.getSelf()));
      ActorRefResolver resolver = ActorRefResolver.get(ctx.getSystem());
      String self = Cluster.get(ctx.getSystem()).selfAddress().toString();
      return Behaviors.receiveMessage(r -> {
        ActorRef<TaskOffer> replyTo = resolver.resolveActorRef(r.getTaskRequest().getReplyTo());
        replyTo.tell(TaskOffer.newBuilder()
            .setNone(NoTask.newBuilder().setReason("from " + self + " to " + r.getTaskRequest().getWorkerId()))
            .build());
        return Behaviors.same();
      });
    });
  }

  @Test
  void twoNodesFormAClusterAndExchangeProtobufMessages() throws Exception {
    EditrlConfig c = config();
    ClusterSettings learnerSettings = ClusterSettings.from(c);
    ClusterNode<CoordinatorRequest> learner = start(responder(), learnerSettings, c, m -> {});
    learner.awaitUp(Duration.ofSeconds(20));
    assertThat(learner.joinTarget()).matches("127\\.0\\.0\\.1:[1-9][0-9]*");

    ClusterSettings workerSettings = learnerSettings.withJoin(learner.joinTarget());
    ClusterNode<Void> worker = start(Behaviors.empty(), workerSettings, c, m -> {});
    worker.awaitUp(Duration.ofSeconds(20));
    assertThat(Cluster.get(learner.system()).state().getMembers()).hasSize(2);

    // The worker finds the learner's actor through the Receptionist, as RolloutWorkers do.
    TestProbe<Receptionist.Listing> listings = TestProbe.create(worker.system());
    worker.system().receptionist().tell(Receptionist.subscribe(KEY, listings.getRef()));
    java.util.Set<ActorRef<CoordinatorRequest>> found = java.util.Set.of();
    while (found.isEmpty()) {
      found = listings.receiveMessage(Duration.ofSeconds(20)).getServiceInstances(KEY);
    }
    ActorRef<CoordinatorRequest> remote = found.iterator().next();
    assertThat(remote.path().address().hasGlobalScope()).isTrue();

    TestProbe<TaskOffer> offers = TestProbe.create(worker.system());
    CoordinatorRequest request = CoordinatorRequest.newBuilder()
        .setTaskRequest(TaskRequest.newBuilder()
            .setWorkerId("rollout-7")
            .setReplyTo(ActorRefResolver.get(worker.system()).toSerializationFormat(offers.getRef())))
        .build();
    remote.tell(request);
    TaskOffer offer = offers.receiveMessage(Duration.ofSeconds(20));
    assertThat(offer.getNone().getReason())
        .isEqualTo("from " + learner.address() + " to rollout-7");

    // The bytes crossed through the protobuf serializer; Java serialization is off.
    var serialization = SerializationExtension.get(worker.system());
    assertThat(serialization.findSerializerFor(request).getClass().getName())
        .isEqualTo(PekkoSettings.PROTOBUF_SERIALIZER);
    assertThat(serialization.findSerializerFor(new java.util.ArrayList<>(List.of(1))))
        .isInstanceOf(DisabledJavaSerializer.class);
  }

  @Test
  void anUnreachableSeedNodeIsReportedClearlyAndRetried() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    EditrlConfig c = config();
    ClusterSettings s = ClusterSettings.from(c).withJoin("127.0.0.1:" + closedPort);
    BlockingQueue<String> reports = new LinkedBlockingQueue<>();
    ClusterNode<Void> node = start(Behaviors.empty(), s, c, reports::add);
    String first = reports.poll(20, TimeUnit.SECONDS);
    String second = reports.poll(20, TimeUnit.SECONDS);
    assertThat(first).isNotNull()
        .contains("has not joined the cluster yet")
        .contains("127.0.0.1:" + closedPort)
        .contains("--join")
        .contains("retrying every 200 ms");
    assertThat(second).as("it keeps trying and keeps saying so").isNotNull();
    assertThat(node.whenUp().toCompletableFuture().isDone()).isFalse();
    assertThatThrownBy(() -> node.awaitUp(Duration.ofMillis(50)))
        .hasMessageContaining("127.0.0.1:" + closedPort);
  }

  @Test
  void seedNodesAndJoinTargetsAreValidated() {
    ClusterSettings s = ClusterSettings.from(config());
    assertThat(s.withJoin("10.1.2.3:7355").seedNodes()).containsExactly("pekko://editrl@10.1.2.3:7355");
    assertThat(s.withJoin("pekko://editrl@host-a:7355").seedNodes()).containsExactly("pekko://editrl@host-a:7355");
    assertThatThrownBy(() -> s.withJoin("10.1.2.3"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("--join expects HOST:PORT");
    assertThatThrownBy(() -> s.withJoin("pekko://other@h:1"))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("actor system 'other'");
    assertThatThrownBy(() -> ClusterSettings.from(config("editrl.cluster.seed-nodes=[\"h:99999\"]")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("outside 1..65535");
    assertThatThrownBy(() -> ClusterSettings.from(config("editrl.cluster.bootstrap=consul")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("one of local, kubernetes");
  }

  @Test
  void derivedPekkoSettings() {
    var local = PekkoSettings.forNode(
        ClusterSettings.from(config()).withJoin("10.0.0.9:7355"),
        config("pekko.cluster.split-brain-resolver.stable-after=7s"));
    assertThat(local.getString("pekko.actor.provider")).isEqualTo("cluster");
    assertThat(local.getBoolean("pekko.actor.allow-java-serialization")).isFalse();
    assertThat(local.getString("pekko.actor.serialization-bindings.\"com.google.protobuf.GeneratedMessageV3\""))
        .isEqualTo("proto");
    assertThat(local.getString("pekko.cluster.downing-provider-class")).endsWith("SplitBrainResolverProvider");
    assertThat(local.getString("pekko.cluster.split-brain-resolver.active-strategy")).isEqualTo("keep-oldest");
    // keep-oldest never downs the learner, so Pekko's down-everyone-when-unstable is off
    assertThat(local.getString("pekko.cluster.split-brain-resolver.down-all-when-unstable")).isEqualTo("off");
    assertThat(PekkoSettings.forNode(ClusterSettings.from(config("editrl.cluster.split-brain-strategy=keep-majority")),
            config()).getString("pekko.cluster.split-brain-resolver.down-all-when-unstable"))
        .isEqualTo("on");
    assertThat(local.getStringList("pekko.cluster.seed-nodes")).containsExactly("pekko://editrl@10.0.0.9:7355");
    // The user's own pekko settings win over derived ones.
    assertThat(local.getDuration("pekko.cluster.split-brain-resolver.stable-after")).isEqualTo(Duration.ofSeconds(7));

    var k8s = PekkoSettings.forNode(
        ClusterSettings.from(config("editrl.cluster.bootstrap=kubernetes", "editrl.cluster.kubernetes.namespace=rl")),
        config());
    assertThat(k8s.getString("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method"))
        .isEqualTo("kubernetes-api");
    assertThat(k8s.getString("pekko.management.cluster.bootstrap.contact-point-discovery.service-name"))
        .isEqualTo("editrl");
    assertThat(k8s.getInt("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr"))
        .isEqualTo(2);
    assertThat(k8s.getString("pekko.discovery.kubernetes-api.pod-namespace")).isEqualTo("rl");
    assertThat(k8s.getInt("pekko.management.http.port")).isEqualTo(7626);
    assertThat(k8s.getStringList("pekko.cluster.seed-nodes")).isEmpty();
  }

  @Test
  void kubernetesBootstrapOutsideAPodIsAUserError() {
    EditrlConfig c = config("editrl.cluster.bootstrap=kubernetes",
        "pekko.discovery.kubernetes-api.api-ca-path=" + dir.resolve("no-such-ca.crt"));
    assertThatThrownBy(() -> start(Behaviors.empty(), ClusterSettings.from(c), c, m -> {}))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("must run inside a Kubernetes pod")
        .hasMessageContaining("no-such-ca.crt")
        .hasMessageContaining("--join");
  }

  @Test
  void kubernetesBootstrapStartsManagementAndSaysWhatItIsWaitingFor() throws Exception {
    int managementPort;
    try (ServerSocket s = new ServerSocket(0)) {
      managementPort = s.getLocalPort();
    }
    // Service-account files as a pod has them; there is no API server to ask, so discovery
    // keeps failing and the node keeps saying what it waits for.
    var ca = org.editrl.actors.weights.TestCertificates.create(dir).certChain();
    java.nio.file.Path token = java.nio.file.Files.writeString(dir.resolve("token"), "test-token");
    EditrlConfig c = config("editrl.cluster.bootstrap=kubernetes",
        "editrl.cluster.kubernetes.management-port=" + managementPort,
        "editrl.cluster.kubernetes.service-name=editrl-test",
        "editrl.cluster.kubernetes.namespace=rl",
        "pekko.discovery.kubernetes-api.api-ca-path=" + ca,
        "pekko.discovery.kubernetes-api.api-token-path=" + token);
    BlockingQueue<String> reports = new LinkedBlockingQueue<>();
    start(Behaviors.empty(), ClusterSettings.from(c), c, reports::add);
    String report = reports.poll(20, TimeUnit.SECONDS);
    assertThat(report).isNotNull()
        .contains("Kubernetes discovery of pods with label app=editrl-test")
        .contains("still trying");
    // pekko-management serves the bootstrap endpoint other pods probe.
    var response = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://127.0.0.1:" + managementPort + "/bootstrap/seed-nodes")).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("seedNodes");
  }
}
