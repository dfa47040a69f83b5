package org.editrl.actors.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.editrl.actors.weights.RejectReason;
import org.editrl.core.UserError;
import org.editrl.proto.WeightManifest;
import org.junit.jupiter.api.Test;

/** Scrapes the real exporter over HTTP on 127.0.0.1. */
class MetricsServerTest {
  /** Every editrl metric family as exposed (histograms and counters by family name), with type. */
  static final Map<String, String> EXPECTED = new LinkedHashMap<>();

  static {
    EXPECTED.put("editrl_queue_depth", "gauge");
    EXPECTED.put("editrl_tasks_in_flight", "gauge");
    EXPECTED.put("editrl_groups_total", "counter");
    EXPECTED.put("editrl_groups_dropped_total", "counter");
    EXPECTED.put("editrl_groups_requeued_total", "counter");
    EXPECTED.put("editrl_workers", "gauge");
    EXPECTED.put("editrl_rollout_duration_seconds", "histogram");
    EXPECTED.put("editrl_reward_duration_seconds", "histogram");
    EXPECTED.put("editrl_learner_step_duration_seconds", "histogram");
    EXPECTED.put("editrl_policy_version", "gauge");
    EXPECTED.put("editrl_worker_policy_version", "gauge");
    EXPECTED.put("editrl_group_staleness", "histogram");
    EXPECTED.put("editrl_judge_reward", "histogram");
    EXPECTED.put("editrl_reward_mean", "gauge");
    EXPECTED.put("editrl_learner_steps_total", "counter");
    EXPECTED.put("editrl_clip_fraction", "gauge");
    EXPECTED.put("editrl_kl_divergence", "gauge");
    EXPECTED.put("editrl_grad_norm", "gauge");
    EXPECTED.put("editrl_nonfinite_grad_steps_total", "counter");
    EXPECTED.put("editrl_learning_rate", "gauge");
    EXPECTED.put("editrl_weight_sync_duration_seconds", "histogram");
    EXPECTED.put("editrl_weight_sync_bytes_total", "counter");
    EXPECTED.put("editrl_weight_transfers_rejected_total", "counter");
    EXPECTED.put("editrl_weight_versions_published_total", "counter");
    EXPECTED.put("editrl_weight_subscribers", "gauge");
  }

  private static MetricsSettings ephemeral() {
    return new MetricsSettings(true, "127.0.0.1", 0);
  }

  @Test
  void servesEveryMetricWithItsTypeAndValuesMove() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    EditrlMetrics metrics = new EditrlMetrics(registry);
    WeightSyncMetrics sync = new WeightSyncMetrics(metrics, "rollout-1");
    try (MetricsServer server = MetricsServer.start(ephemeral(), registry)) {
      assertThat(server.port()).isPositive();
      assertThat(server.url()).isEqualTo("http://127.0.0.1:" + server.port() + "/metrics");

      // Touch every labelled metric once so its family shows, then scrape a baseline.
      metrics.setQueueDepth("tasks", 10);
      metrics.groupDone("rollout", "rollout-1");
      metrics.groupDropped("stale");
      metrics.groupRequeued("worker_lost");
      metrics.setWorkers("rollout", 2);
      metrics.rewardTook("verifiable", Duration.ofMillis(3));
      metrics.observeReward("verifiable", 0.5);
      sync.onStaged(manifest(1), 1000, Duration.ofMillis(20));
      sync.onBytesSent(1000);
      sync.onRejected(2, RejectReason.TENSOR_HASH, "x");
      Scrape before = Scrape.of(server.url());

      for (var e : EXPECTED.entrySet()) {
        assertThat(before.types()).as("type of " + e.getKey()).containsEntry(e.getKey(), e.getValue());
      }
      // JVM metrics come along.
      assertThat(before.types()).containsKeys("jvm_memory_used_bytes", "jvm_threads_current");
      assertThat(before.body()).contains("# HELP editrl_group_staleness ");

      metrics.setQueueDepth("tasks", 7);
      metrics.setTasksInFlight(3);
      metrics.groupDone("rollout", "rollout-1");
      metrics.groupDone("rollout", "rollout-1");
      metrics.groupDropped("stale");
      metrics.groupRequeued("worker_lost");
      metrics.rolloutTook(Duration.ofMillis(1500));
      metrics.rewardTook("verifiable", Duration.ofMillis(200));
      metrics.learnerStepTook(Duration.ofSeconds(4));
      metrics.observeStaleness(1);
      metrics.observeStaleness(3);
      metrics.observeReward("verifiable", 0.75);
      metrics.learnerStep(0.42, 0.125, 0.003, 1.5, 1e-4);
      // the learner reports a running total: 2, then 2 again (nothing new), then 3
      metrics.nonFiniteGradSteps(2);
      metrics.nonFiniteGradSteps(2);
      metrics.nonFiniteGradSteps(3);
      sync.onPublished(manifest(5));
      sync.onSubscribersChanged(4);
      sync.onStaged(manifest(5), 4096, Duration.ofMillis(80));
      sync.onRejected(6, RejectReason.TENSOR_HASH, "x");
      Scrape after = Scrape.of(server.url());

      assertThat(after.value("editrl_queue_depth{queue=\"tasks\"}")).isEqualTo(7);
      assertThat(after.value("editrl_tasks_in_flight")).isEqualTo(3);
      String rollout1 = "{role=\"rollout\",worker=\"rollout-1\"}";
      assertThat(after.value("editrl_groups_total" + rollout1))
          .isEqualTo(before.value("editrl_groups_total" + rollout1) + 2);
      assertThat(after.value("editrl_groups_dropped_total{reason=\"stale\"}")).isEqualTo(2);
      assertThat(after.value("editrl_groups_requeued_total{reason=\"worker_lost\"}")).isEqualTo(2);
      assertThat(after.value("editrl_rollout_duration_seconds_count")).isEqualTo(1);
      assertThat(after.value("editrl_rollout_duration_seconds_sum")).isEqualTo(1.5);
      assertThat(after.value("editrl_rollout_duration_seconds_bucket{le=\"1.0\"}")).isZero();
      assertThat(after.value("editrl_rollout_duration_seconds_bucket{le=\"2.5\"}")).isEqualTo(1);
      assertThat(after.value("editrl_reward_duration_seconds_count{judge=\"verifiable\"}")).isEqualTo(2);
      assertThat(after.value("editrl_learner_step_duration_seconds_sum")).isEqualTo(4);
      assertThat(after.value("editrl_group_staleness_bucket{le=\"2.0\"}")).isEqualTo(1);
      assertThat(after.value("editrl_group_staleness_count")).isEqualTo(2);
      assertThat(after.value("editrl_judge_reward_sum{judge=\"verifiable\"}")).isEqualTo(1.25);
      assertThat(after.value("editrl_reward_mean")).isEqualTo(0.42);
      assertThat(after.value("editrl_learner_steps_total")).isEqualTo(1);
      assertThat(after.value("editrl_clip_fraction")).isEqualTo(0.125);
      assertThat(after.value("editrl_kl_divergence")).isEqualTo(0.003);
      assertThat(after.value("editrl_grad_norm")).isEqualTo(1.5);
      assertThat(after.value("editrl_nonfinite_grad_steps_total")).isEqualTo(3);
      assertThat(after.value("editrl_learning_rate")).isEqualTo(1e-4);
      assertThat(after.value("editrl_policy_version")).isEqualTo(5);
      assertThat(after.value("editrl_worker_policy_version{worker=\"rollout-1\"}")).isEqualTo(5);
      assertThat(after.value("editrl_weight_versions_published_total")).isEqualTo(1);
      assertThat(after.value("editrl_weight_subscribers")).isEqualTo(4);
      assertThat(after.value("editrl_weight_sync_bytes_total{direction=\"received\"}")).isEqualTo(5096);
      assertThat(after.value("editrl_weight_sync_bytes_total{direction=\"sent\"}")).isEqualTo(1000);
      assertThat(after.value("editrl_weight_sync_duration_seconds_count")).isEqualTo(2);
      assertThat(after.value("editrl_weight_transfers_rejected_total{reason=\"tensor_hash\"}")).isEqualTo(2);
      assertThat(after.value("editrl_workers{role=\"rollout\"}")).isEqualTo(2);
    }
  }

  @Test
  void aPortInUseIsAUserErrorNamingTheKey() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    try (MetricsServer first = MetricsServer.start(ephemeral(), registry)) {
      assertThatThrownBy(
              () -> MetricsServer.start(new MetricsSettings(true, "127.0.0.1", first.port()), registry))
          .isInstanceOf(UserError.class)
          .hasMessageContaining("editrl.metrics.port")
          .hasMessageContaining(String.valueOf(first.port()));
    }
  }

  @Test
  void aDisabledExporterIsNotStarted() {
    assertThat(MetricsServer.startIfEnabled(new MetricsSettings(false, "127.0.0.1", 0), new PrometheusRegistry()))
        .isEmpty();
  }

  @Test
  void twoNodesInOneJvmKeepSeparateRegistries() {
    PrometheusRegistry a = new PrometheusRegistry();
    PrometheusRegistry b = new PrometheusRegistry();
    new EditrlMetrics(a).setTasksInFlight(1);
    new EditrlMetrics(b);
    assertThat(a.scrape().stream().map(s -> s.getMetadata().getPrometheusName()))
        .contains("editrl_tasks_in_flight", "jvm_memory_used_bytes");
    assertThat(b.scrape().stream().map(s -> s.getMetadata().getPrometheusName()))
        .contains("editrl_tasks_in_flight", "jvm_memory_used_bytes");
  }

  /** docs/metrics.md lists every metric family. */
  @Test
  void docsListEveryMetric() throws IOException {
    String docs = Files.readString(Path.of("..", "docs", "metrics.md"));
    Matcher m = Pattern.compile("^\\| `(editrl_[a-z_]+)` \\| (\\w+) \\|", Pattern.MULTILINE).matcher(docs);
    Map<String, String> documented = new LinkedHashMap<>();
    while (m.find()) {
      documented.put(m.group(1), m.group(2));
    }
    assertThat(documented).containsExactlyInAnyOrderEntriesOf(EXPECTED);
  }

  private static WeightManifest manifest(long version) {
    return WeightManifest.newBuilder().setVersion(version).build();
  }
}
