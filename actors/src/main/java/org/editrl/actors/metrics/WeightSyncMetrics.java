package org.editrl.actors.metrics;

import java.time.Duration;
import org.editrl.actors.weights.RejectReason;
import org.editrl.actors.weights.WeightSyncListener;
import org.editrl.proto.WeightManifest;

/**
 * Feeds weight-broadcast events into {@link EditrlMetrics}. One instance serves a learner's
 * {@code WeightServer} and a worker's {@code WeightSubscriber} alike.
 *
 * @param worker the worker id for the per-worker policy version; "" on a learner-only node
 */
public record WeightSyncMetrics(EditrlMetrics metrics, String worker) implements WeightSyncListener {
  @Override
  public void onPublished(WeightManifest manifest) {
    metrics.weightVersionPublished(manifest.getVersion());
  }

  @Override
  public void onBytesSent(long bytes) {
    metrics.weightBytes("sent", bytes);
  }

  @Override
  public void onSubscribersChanged(int subscribers) {
    metrics.setWeightSubscribers(subscribers);
  }

  @Override
  public void onStaged(WeightManifest manifest, long bytesReceived, Duration latency) {
    metrics.weightBytes("received", bytesReceived);
    metrics.weightSynced(latency);
    if (!worker.isEmpty()) {
      metrics.setWorkerPolicyVersion(worker, manifest.getVersion());
    }
  }

  @Override
  public void onRejected(long version, RejectReason reason, String detail) {
    metrics.weightTransferRejected(reason.label());
  }
}
