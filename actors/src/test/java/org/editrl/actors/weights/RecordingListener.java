package org.editrl.actors.weights;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.editrl.proto.WeightManifest;

/** Records weight-sync events; tests wait on rejections without sleeping. */
final class RecordingListener implements WeightSyncListener {
  record Rejection(long version, RejectReason reason, String detail) {}

  final List<Rejection> rejections = new CopyOnWriteArrayList<>();
  final List<Long> staged = new CopyOnWriteArrayList<>();
  final List<Long> stagedBytes = new CopyOnWriteArrayList<>();
  private final Semaphore rejected = new Semaphore(0);

  @Override
  public void onRejected(long version, RejectReason reason, String detail) {
    rejections.add(new Rejection(version, reason, detail));
    rejected.release();
  }

  @Override
  public void onStaged(WeightManifest manifest, long bytesReceived, Duration latency) {
    staged.add(manifest.getVersion());
    stagedBytes.add(bytesReceived);
  }

  /** Waits for {@code n} more rejections. */
  void awaitRejections(int n) throws InterruptedException {
    if (!rejected.tryAcquire(n, 20, TimeUnit.SECONDS)) {
      throw new AssertionError("expected " + n + " rejections, saw " + rejections);
    }
  }
}
