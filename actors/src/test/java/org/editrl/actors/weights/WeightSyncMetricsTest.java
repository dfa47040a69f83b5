package org.editrl.actors.weights;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.editrl.actors.metrics.EditrlMetrics;
import org.editrl.actors.metrics.MetricsServer;
import org.editrl.actors.metrics.MetricsSettings;
import org.editrl.actors.metrics.Scrape;
import org.junit.jupiter.api.Test;

/**
 * A learner and a worker on one node, wired to metrics: the real weight broadcast (Netty on
 * 127.0.0.1) with two corrupted transfers, then /metrics scraped over HTTP.
 */
class WeightSyncMetricsTest {
  @Test
  void broadcastEventsShowInMetrics() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    EditrlMetrics metrics = new EditrlMetrics(registry, false);
    WeightStore store = new WeightStore("base", 64 << 10, 3);
    WireTamper tamper = new WireTamper();
    BlockingQueue<AdapterVersion> handedOver = new LinkedBlockingQueue<>();
    try (MetricsServer http = MetricsServer.start(new MetricsSettings(true, "127.0.0.1", 0), registry);
        WeightServer server =
            new WeightServer(
                    NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).intercept(tamper),
                    "127.0.0.1", store, new org.editrl.actors.metrics.WeightSyncMetrics(metrics, ""),
                    Optional.empty(), Duration.ofSeconds(1), false)
                .start()) {
      ManagedChannel channel = WeightChannels.open(server.target(), new WeightSettings(
          "127.0.0.1", "127.0.0.1", 0, 64 << 10, 3, Optional.empty(), Optional.empty(), Optional.empty(),
          Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(20), Duration.ofSeconds(1)));
      try (WeightSubscriber subscriber =
          WeightSubscriber.builder()
              .setChannel(channel)
              .setWorkerId("rollout-1")
              .setBaseId("base")
              .optListener(new org.editrl.actors.metrics.WeightSyncMetrics(metrics, "rollout-1"))
              .optBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
              .optOnStaged(handedOver::add)
              .build()
              .start()) {
        long v1Bytes = store.publish(WeightServiceNettyTest.adapter(1f), 1).getTotalBytes();
        assertThat(handedOver.poll(20, TimeUnit.SECONDS).version()).isEqualTo(1);
        tamper.corruptCalls.set(2);
        long v2Bytes = store.publish(WeightServiceNettyTest.adapter(2f), 2).getTotalBytes();
        AdapterVersion v2 = handedOver.poll(20, TimeUnit.SECONDS);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.tensors()).isEqualTo(WeightServiceNettyTest.adapter(2f));

        Scrape s = Scrape.of(http.url());
        assertThat(s.value("editrl_weight_transfers_rejected_total{reason=\"tensor_hash\"}")).isEqualTo(2);
        assertThat(s.value("editrl_weight_versions_published_total")).isEqualTo(2);
        assertThat(s.value("editrl_policy_version")).isEqualTo(2);
        assertThat(s.value("editrl_worker_policy_version{worker=\"rollout-1\"}")).isEqualTo(2);
        assertThat(s.value("editrl_weight_subscribers")).isEqualTo(1);
        assertThat(s.value("editrl_weight_sync_duration_seconds_count")).isEqualTo(2);
        // Received counts the transfers that were staged; sent counts every attempt.
        assertThat(s.value("editrl_weight_sync_bytes_total{direction=\"received\"}")).isEqualTo(v1Bytes + v2Bytes);
        assertThat(s.value("editrl_weight_sync_bytes_total{direction=\"sent\"}")).isEqualTo(v1Bytes + 3 * v2Bytes);
      } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
      }
    }
  }
}
