package org.editrl.actors.cluster;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.editrl.actors.config.EditrlConfig;

/**
 * Translates {@link ClusterSettings} into Pekko's configuration, in one place: cluster provider,
 * Artery address, seed nodes, protobuf serialization with Java serialization off, the
 * split-brain-resolver downing provider, and pekko-management Cluster Bootstrap for Kubernetes.
 * Anything the user set under {@code pekko} themselves wins over what is derived here.
 */
public final class PekkoSettings {
  /** Pekko's protobuf serializer; handles every generated protobuf-java message class. */
  static final String PROTOBUF_SERIALIZER = "org.apache.pekko.remote.serialization.ProtobufSerializer";

  private PekkoSettings() {}

  /** The complete configuration for an actor system running this node. */
  public static Config forNode(ClusterSettings s, EditrlConfig config) {
    return config.overrides()
        .withFallback(derived(s))
        .withFallback(config.config())
        .resolve();
  }

  /** Only the Pekko keys derived from the settings (useful to inspect and test). */
  public static Config derived(ClusterSettings s) {
    Map<String, Object> m = new HashMap<>();
    m.put("pekko.actor.provider", "cluster");
    // Everything that crosses a JVM is a protobuf message: bind protobuf-java's generated
    // classes (GeneratedMessageV3; Pekko binds only the old GeneratedMessage) and refuse Java
    // serialization outright.
    m.put("pekko.actor.serializers.proto", PROTOBUF_SERIALIZER);
    m.put("pekko.actor.serialization-bindings", Map.of("com.google.protobuf.GeneratedMessageV3", "proto"));
    m.put("pekko.actor.allow-java-serialization", "off");
    m.put("pekko.actor.warn-about-java-serializer-usage", "on");
    // pekko-management 1.1.1 (Kubernetes bootstrap) brings pekko-discovery 1.1.3, and no
    // pekko-discovery 1.7.0 is available to these builds: Pekko would refuse to start with mixed
    // module versions. Discovery is only used by Kubernetes bootstrap; Pekko logs a warning.
    m.put("pekko.fail-mixed-versions", "off");
    m.put("pekko.loggers", List.of("org.apache.pekko.event.slf4j.Slf4jLogger"));
    m.put("pekko.logging-filter", "org.apache.pekko.event.slf4j.Slf4jLoggingFilter");
    // Sampled and scored groups (0.5–5 MB) travel on Artery's large-message lane, with its own
    // frame size and a small buffer pool; every receiver of groups is an actor named "groups".
    m.put("pekko.remote.artery.large-message-destinations", List.of("/user/*/groups"));
    m.put("pekko.remote.artery.advanced.maximum-large-frame-size", "32MiB");
    m.put("pekko.remote.artery.advanced.large-buffer-pool-size", 8);
    // `editrl train` and tests run several nodes in one JVM.
    m.put("pekko.cluster.jmx.multi-mbeans-in-same-jvm", "on");
    m.put("pekko.remote.artery.canonical.hostname", s.host());
    m.put("pekko.remote.artery.canonical.port", s.port());
    // Joining never gives up: a worker started before its learner keeps trying.
    m.put("pekko.cluster.retry-unsuccessful-join-after", s.joinRetryInterval().toMillis() + "ms");
    m.put("pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes", "off");
    // A node that stops answering (kill -9, lost host) is downed after stable-after, so
    // DeathWatch delivers Terminated and its leases are requeued.
    m.put("pekko.cluster.downing-provider-class", "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
    m.put("pekko.cluster.split-brain-resolver.active-strategy",
        EditrlConfig.configName(s.splitBrainStrategy()));
    m.put("pekko.cluster.split-brain-resolver.stable-after", s.downUnreachableAfter().toMillis() + "ms");
    m.put("pekko.cluster.split-brain-resolver.keep-oldest.down-if-alone", "off");
    if (s.splitBrainStrategy() == ClusterSettings.SplitBrainStrategy.KEEP_OLDEST) {
      // Pekko downs *every* node, the learner included, when reachability keeps changing for
      // longer than 3/4 of stable-after, as when a worker dies while another joins on a loaded
      // machine (seen in MultiProcessTrainingTest). With keep-oldest the side without the
      // learner always downs itself, so the learner never needs that precaution.
      m.put("pekko.cluster.split-brain-resolver.down-all-when-unstable", "off");
    }
    // A learner stopped early (Ctrl-C, SIGTERM, its node downed) finishes its update and
    // checkpoints in this phase (AsyncTraining); Pekko's default of 5 s is shorter than an update.
    m.put("pekko.coordinated-shutdown.phases.before-service-unbind.timeout", "5m");
    if (s.bootstrap() == ClusterSettings.Bootstrap.LOCAL) {
      m.put("pekko.cluster.seed-nodes", s.seedNodes());
    } else {
      ClusterSettings.Kubernetes k = s.kubernetes();
      m.put("pekko.cluster.seed-nodes", List.of());
      m.put("pekko.management.http.hostname", s.host());
      m.put("pekko.management.http.port", k.managementPort());
      m.put("pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method", "kubernetes-api");
      m.put("pekko.management.cluster.bootstrap.contact-point-discovery.service-name", k.serviceName());
      m.put("pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr",
          k.requiredContactPoints());
      m.put("pekko.discovery.kubernetes-api.pod-label-selector", "app=%s");
      if (!k.namespace().isEmpty()) {
        m.put("pekko.discovery.kubernetes-api.pod-namespace", k.namespace());
      }
    }
    Config c = ConfigFactory.empty("derived from editrl.cluster");
    for (Map.Entry<String, Object> e : m.entrySet()) {
      c = c.withValue(e.getKey(), ConfigValueFactory.fromAnyRef(e.getValue(), "derived from editrl.cluster"));
    }
    return c;
  }
}
