package org.editrl.actors.weights;

import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.proto.FetchWeightsRequest;
import org.editrl.proto.GetManifestRequest;
import org.editrl.proto.SubscribeRequest;
import org.editrl.proto.VersionAnnouncement;
import org.editrl.proto.WeightChunk;
import org.editrl.proto.WeightManifest;
import org.editrl.proto.WeightServiceGrpc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A rollout worker's end of the weight broadcast. It holds a subscription to the learner; on
 * each announced version it fetches the chunks, verifies the base id, the layout and the
 * payload's SHA-256 (per-tensor hashes name the damaged tensor when it does not match; see
 * {@link WeightPayload#decode(WeightManifest, byte[], String)}), and stages the verified version.
 * The worker gets it through {@link Builder#optOnStaged} or takes it between groups with {@link
 * #takeIfNewer(long)}, so a swap never happens mid-group.
 *
 * <p>Failures never touch the staged version: a corrupt or broken transfer is reported to the
 * {@link WeightSyncListener} and retried with backoff (a broken stream resumes from the next
 * chunk); a lost subscription is re-opened with backoff. All work runs on one thread of its own.
 */
public final class WeightSubscriber implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WeightSubscriber.class);

  private final Channel channel;
  private final String workerId;
  private final String baseId;
  private final WeightSyncListener listener;
  private final Consumer<AdapterVersion> onStaged;
  private final Duration transferTimeout;
  private final Backoff subscribeBackoff;
  private final Backoff fetchBackoff;
  private final long initialKnownVersion;
  private final ScheduledExecutorService executor;
  private final Object stagedLock = new Object();

  private volatile AdapterVersion staged;
  private volatile boolean closed;
  private volatile Context.CancellableContext fetchContext;

  // Touched only on the executor thread.
  private WeightManifest wanted;
  private long wantedSinceNanos;
  private Partial partial;
  private ScheduledFuture<?> retry;
  private ClientCallStreamObserver<SubscribeRequest> subscription;
  private int subscriptionGeneration;
  private boolean connectionLost;
  private long lastBytesReceived;

  /** Chunks received so far for one version, kept across a broken stream to resume it. */
  private static final class Partial {
    final long version;
    final byte[] buffer;
    // SHA-256 of the chunks received so far, in order: the payload hash costs no extra pass.
    final java.security.MessageDigest digest = org.editrl.core.Sha256.newDigest();
    int nextChunk;
    long bytesReceived;

    Partial(WeightManifest m) {
      this.version = m.getVersion();
      this.buffer = new byte[(int) m.getTotalBytes()];
    }
  }

  private WeightSubscriber(Builder b) {
    this.channel = Objects.requireNonNull(b.channel, "channel");
    this.workerId = Objects.requireNonNull(b.workerId, "workerId");
    this.baseId = Objects.requireNonNull(b.baseId, "baseId");
    this.listener = b.listener;
    this.onStaged = b.onStaged;
    this.transferTimeout = b.transferTimeout;
    this.subscribeBackoff = new Backoff(b.initialBackoff, b.maxBackoff);
    this.fetchBackoff = new Backoff(b.initialBackoff, b.maxBackoff);
    this.initialKnownVersion = b.knownVersion;
    this.executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "weight-subscriber-" + workerId);
              t.setDaemon(true);
              return t;
            });
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builder: {@code setX} for required values, {@code optX} for those with defaults. */
  public static final class Builder {
    private Channel channel;
    private String workerId;
    private String baseId;
    private WeightSyncListener listener = WeightSyncListener.NONE;
    private Consumer<AdapterVersion> onStaged = v -> {};
    private Duration initialBackoff = Duration.ofMillis(200);
    private Duration maxBackoff = Duration.ofSeconds(10);
    private Duration transferTimeout = Duration.ofSeconds(60);
    private long knownVersion;

    /** The channel to the learner (owned by the caller; see {@link WeightChannels}). */
    public Builder setChannel(Channel channel) {
      this.channel = channel;
      return this;
    }

    /** Names the worker in the learner's logs. */
    public Builder setWorkerId(String workerId) {
      this.workerId = workerId;
      return this;
    }

    /** The base model this worker runs; adapters for another base are refused. */
    public Builder setBaseId(String baseId) {
      this.baseId = baseId;
      return this;
    }

    public Builder optListener(WeightSyncListener listener) {
      this.listener = listener;
      return this;
    }

    public Builder optBackoff(Duration initial, Duration max) {
      this.initialBackoff = initial;
      this.maxBackoff = max;
      return this;
    }

    public Builder optTransferTimeout(Duration timeout) {
      this.transferTimeout = timeout;
      return this;
    }

    /** Backoff and transfer timeout from settings. */
    public Builder optSettings(WeightSettings s) {
      return optBackoff(s.reconnectInitialBackoff(), s.reconnectMaxBackoff())
          .optTransferTimeout(s.transferTimeout());
    }

    /**
     * Hands each verified version to {@code consumer} (on the subscriber's thread; it must not
     * block). A rollout worker tells itself a message here and swaps the adapter between groups;
     * {@link #takeIfNewer(long)} is the polling alternative.
     */
    public Builder optOnStaged(Consumer<AdapterVersion> consumer) {
      this.onStaged = consumer;
      return this;
    }

    /** Newest version the worker already holds (0 = base only); only newer ones are fetched. */
    public Builder optKnownVersion(long version) {
      this.knownVersion = version;
      return this;
    }

    public WeightSubscriber build() {
      return new WeightSubscriber(this);
    }
  }

  /** Opens the subscription (in the background; failures are retried). */
  public WeightSubscriber start() {
    executor.execute(this::subscribe);
    return this;
  }

  /**
   * The staged version if it is newer than {@code currentVersion}; never blocks. Call it
   * between groups and swap the adapter if present.
   */
  public Optional<AdapterVersion> takeIfNewer(long currentVersion) {
    AdapterVersion s = staged;
    return s != null && s.version() > currentVersion ? Optional.of(s) : Optional.empty();
  }

  /** The newest verified version, if any. */
  public Optional<AdapterVersion> staged() {
    return Optional.ofNullable(staged);
  }

  /** Version of the newest verified adapter; the known version given at build time if none. */
  public long stagedVersion() {
    AdapterVersion s = staged;
    return s == null ? initialKnownVersion : s.version();
  }

  /**
   * Waits until a version {@code >= version} is staged.
   *
   * @throws TimeoutException if none is within the timeout
   */
  public AdapterVersion awaitVersion(long version, Duration timeout)
      throws TimeoutException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (stagedLock) {
      while (staged == null || staged.version() < version) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new TimeoutException(
              "adapter version " + version + " was not staged within " + timeout
                  + " (newest staged: " + stagedVersion() + ")");
        }
        TimeUnit.NANOSECONDS.timedWait(stagedLock, left);
      }
      return staged;
    }
  }

  // ---- subscription

  private void subscribe() {
    if (closed) {
      return;
    }
    int generation = ++subscriptionGeneration;
    SubscribeRequest request =
        SubscribeRequest.newBuilder()
            .setWorkerId(workerId)
            .setKnownVersion(stagedVersion())
            .build();
    WeightServiceGrpc.newStub(channel)
        .subscribe(
            request,
            new ClientResponseObserver<SubscribeRequest, VersionAnnouncement>() {
              @Override
              public void beforeStart(ClientCallStreamObserver<SubscribeRequest> stream) {
                subscription = stream;
              }

              @Override
              public void onNext(VersionAnnouncement a) {
                runOnExecutor(() -> onAnnouncement(a.getManifest(), generation));
              }

              @Override
              public void onError(Throwable t) {
                runOnExecutor(() -> onSubscriptionEnded(Status.fromThrowable(t), generation));
              }

              @Override
              public void onCompleted() {
                runOnExecutor(
                    () ->
                        onSubscriptionEnded(
                            Status.UNAVAILABLE.withDescription("the learner ended the subscription"),
                            generation));
              }
            });
  }

  private void onSubscriptionEnded(Status status, int generation) {
    if (closed || generation != subscriptionGeneration) {
      return;
    }
    String detail = status.getCode() + ": " + status.getDescription();
    listener.onSubscriptionLost(detail);
    Duration wait = subscribeBackoff.next();
    if (status.getCode() == Status.Code.UNAUTHENTICATED) {
      // No version can arrive until the token is fixed: count it where operators look.
      listener.onRejected(0, RejectReason.UNAUTHENTICATED, status.getDescription());
      LOG.error("the learner refused worker {}'s weight subscription: {}; retrying in {} ms",
          workerId, status.getDescription(), wait.toMillis());
    } else {
      LOG.warn("weight subscription of worker {} lost ({}); keeping adapter version {},"
          + " reconnecting in {} ms", workerId, detail, stagedVersion(), wait.toMillis());
    }
    connectionLost = true;
    schedule(this::subscribe, wait);
  }

  private void onAnnouncement(WeightManifest m, int generation) {
    if (closed || generation != subscriptionGeneration) {
      return;
    }
    subscribeBackoff.reset();
    if (connectionLost) {
      LOG.info("weight subscription of worker {} re-established", workerId);
      connectionLost = false;
    }
    want(m);
  }

  /** Makes {@code m} the version to fetch if it is newer than anything staged or wanted. */
  private void want(WeightManifest m) {
    if (m.getVersion() <= stagedVersion() || (wanted != null && m.getVersion() <= wanted.getVersion())) {
      return;
    }
    if (!m.getBaseId().equals(baseId)) {
      String detail = "adapter version " + m.getVersion() + " is for base " + m.getBaseId()
          + " but this worker runs base " + baseId
          + "; start the worker with the learner's base model";
      LOG.error("worker {} refuses {}", workerId, detail);
      listener.onRejected(m.getVersion(), RejectReason.BASE_MISMATCH, detail);
      return;
    }
    wanted = m;
    wantedSinceNanos = System.nanoTime();
    fetchBackoff.reset();
    if (retry != null) {
      retry.cancel(false);
      retry = null;
    }
    fetchWanted();
  }

  // ---- transfer

  private void fetchWanted() {
    retry = null;
    if (closed || wanted == null) {
      return;
    }
    WeightManifest m = wanted;
    try {
      List<NamedTensor> tensors = fetch(m);
      stage(new AdapterVersion(m, tensors));
    } catch (TransferRejectedException e) {
      if (closed) {
        return;
      }
      listener.onRejected(m.getVersion(), e.reason(), e.getMessage());
      if (e.reason() == RejectReason.VERSION_GONE) {
        LOG.warn("worker {}: {}; asking for the newest version", workerId, e.getMessage());
        wanted = null;
        partial = null;
        fetchNewestManifest();
        return;
      }
      Duration wait = fetchBackoff.next();
      LOG.warn("worker {} rejected adapter transfer ({}: {}); keeping version {}, retrying in {} ms",
          workerId, e.reason().label(), e.getMessage(), stagedVersion(), wait.toMillis());
      retry = schedule(this::fetchWanted, wait);
    }
  }

  private void fetchNewestManifest() {
    try {
      WeightManifest newest =
          WeightServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(transferTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .getManifest(GetManifestRequest.newBuilder().setVersion(0).build());
      want(newest);
    } catch (StatusRuntimeException e) {
      // The subscription will announce the next version; nothing else to do.
      LOG.debug("worker {}: no newest manifest: {}", workerId, e.getStatus());
    }
  }

  private List<NamedTensor> fetch(WeightManifest m) throws TransferRejectedException {
    if (m.getTotalBytes() < 0 || m.getTotalBytes() > WeightPayload.MAX_TOTAL_BYTES
        || (m.getTotalBytes() > 0 && m.getChunkBytes() <= 0)) {
      throw new TransferRejectedException(RejectReason.MALFORMED,
          "version " + m.getVersion() + ": manifest has total_bytes " + m.getTotalBytes()
              + " and chunk_bytes " + m.getChunkBytes());
    }
    if (partial == null || partial.version != m.getVersion()) {
      partial = new Partial(m);
    }
    Partial p = partial;
    int chunks = WeightPayload.chunkCount(m);
    if (p.nextChunk < chunks) {
      receive(m, p, chunks);
    }
    partial = null;
    List<NamedTensor> tensors = WeightPayload.decode(m, p.buffer, org.editrl.core.Sha256.hex(p.digest));
    lastBytesReceived = p.bytesReceived;
    return tensors;
  }

  private void receive(WeightManifest m, Partial p, int chunks) throws TransferRejectedException {
    Context.CancellableContext ctx = Context.current().withCancellation();
    fetchContext = ctx;
    Context previous = ctx.attach();
    try {
      Iterator<WeightChunk> it =
          WeightServiceGrpc.newBlockingStub(channel)
              .withDeadlineAfter(transferTimeout.toMillis(), TimeUnit.MILLISECONDS)
              .fetchWeights(
                  FetchWeightsRequest.newBuilder()
                      .setVersion(m.getVersion())
                      .setFirstChunk(p.nextChunk)
                      .build());
      while (it.hasNext()) {
        WeightChunk c = it.next();
        int expectedLength = p.nextChunk < chunks ? WeightPayload.chunkLength(m, p.nextChunk) : -1;
        if (c.getVersion() != m.getVersion() || c.getIndex() != p.nextChunk
            || c.getOffset() != WeightPayload.chunkOffset(m, p.nextChunk)
            || c.getData().size() != expectedLength) {
          partial = null;
          throw new TransferRejectedException(RejectReason.MALFORMED,
              "version " + m.getVersion() + ": expected chunk " + p.nextChunk + " of " + chunks
                  + " (" + expectedLength + " bytes), got chunk " + c.getIndex() + " of version "
                  + c.getVersion() + " at offset " + c.getOffset() + " (" + c.getData().size()
                  + " bytes)");
        }
        c.getData().copyTo(p.buffer, (int) c.getOffset());
        p.digest.update(p.buffer, (int) c.getOffset(), c.getData().size());
        p.nextChunk++;
        p.bytesReceived += c.getData().size();
      }
    } catch (StatusRuntimeException e) {
      Status s = e.getStatus();
      if (s.getCode() == Status.Code.NOT_FOUND) {
        partial = null;
        throw new TransferRejectedException(RejectReason.VERSION_GONE, s.getDescription());
      }
      if (s.getCode() == Status.Code.UNAUTHENTICATED) {
        throw new TransferRejectedException(RejectReason.UNAUTHENTICATED, s.getDescription());
      }
      throw new TransferRejectedException(RejectReason.BROKEN_STREAM,
          "version " + m.getVersion() + ": stream broke after chunk " + p.nextChunk + " of "
              + chunks + " (" + s.getCode() + ": " + s.getDescription() + ")");
    } finally {
      ctx.detach(previous);
      ctx.cancel(null);
      fetchContext = null;
    }
    if (p.nextChunk != chunks) {
      throw new TransferRejectedException(RejectReason.BROKEN_STREAM,
          "version " + m.getVersion() + ": stream ended after " + p.nextChunk + " of " + chunks
              + " chunks");
    }
  }

  private void stage(AdapterVersion v) {
    if (wanted != null && wanted.getVersion() <= v.version()) {
      wanted = null;
    }
    fetchBackoff.reset();
    Duration latency = Duration.ofNanos(System.nanoTime() - wantedSinceNanos);
    // Tell the listener first, so whoever sees the new version also sees it counted.
    listener.onStaged(v.manifest(), lastBytesReceived, latency);
    synchronized (stagedLock) {
      staged = v;
      stagedLock.notifyAll();
    }
    onStaged.accept(v);
    LOG.info("worker {} staged adapter version {} (learner step {}, {} bytes, {} ms)",
        workerId, v.version(), v.learnerStep(), v.totalBytes(), latency.toMillis());
  }

  private ScheduledFuture<?> schedule(Runnable r, Duration delay) {
    try {
      return executor.schedule(r, delay.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      return null; // closing
    }
  }

  private void runOnExecutor(Runnable r) {
    if (!closed) {
      try {
        executor.execute(r);
      } catch (RejectedExecutionException e) {
        // Closing: nothing more to do.
      }
    }
  }

  /** Cancels the subscription and any transfer; the staged version stays readable. */
  @Override
  public void close() {
    closed = true;
    Context.CancellableContext ctx = fetchContext;
    if (ctx != null) {
      ctx.cancel(null);
    }
    try {
      executor.submit(
          () -> {
            if (subscription != null) {
              subscription.cancel("worker " + workerId + " is shutting down", null);
            }
          });
    } catch (RejectedExecutionException e) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
