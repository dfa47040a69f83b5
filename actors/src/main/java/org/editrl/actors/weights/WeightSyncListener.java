package org.editrl.actors.weights;

import java.time.Duration;
import org.editrl.proto.WeightManifest;

/**
 * Hooks for observing weight broadcast (metrics implement it). Learner-side and worker-side
 * events share one interface so one implementation can serve a node running both. Methods are
 * called from gRPC and subscriber threads and must not block.
 */
public interface WeightSyncListener {
  /** Ignores every event. */
  WeightSyncListener NONE = new WeightSyncListener() {};

  /** Learner: a version was published. */
  default void onPublished(WeightManifest manifest) {}

  /** Learner: payload bytes were sent to a worker. */
  default void onBytesSent(long bytes) {}

  /** Learner: the number of open subscriptions changed. */
  default void onSubscribersChanged(int subscribers) {}

  /**
   * Worker: a version was fetched, verified and staged.
   *
   * @param bytesReceived payload bytes received for it (all attempts)
   * @param latency from the announcement's arrival to staging
   */
  default void onStaged(WeightManifest manifest, long bytesReceived, Duration latency) {}

  /**
   * Worker: a transfer of {@code version} failed and the previous version stays. A subscription
   * refused for its token reports version 0 with {@link RejectReason#UNAUTHENTICATED}.
   */
  default void onRejected(long version, RejectReason reason, String detail) {}

  /** Worker: the subscription to the learner was lost and will be re-opened after a backoff. */
  default void onSubscriptionLost(String detail) {}
}
