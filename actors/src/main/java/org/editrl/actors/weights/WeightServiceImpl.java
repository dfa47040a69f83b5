package org.editrl.actors.weights;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
 * The WeightService on top of a {@link WeightStore}. Payload streams honour gRPC flow control
 * (a chunk is sent only when the transport is ready), so a slow worker holds at most a few
 * chunks in memory, not the whole adapter.
 */
public final class WeightServiceImpl extends WeightServiceGrpc.WeightServiceImplBase {
  private static final Logger LOG = LoggerFactory.getLogger(WeightServiceImpl.class);

  private final WeightStore store;
  private final WeightSyncListener listener;
  private final Set<Subscription> subscriptions = ConcurrentHashMap.newKeySet();

  public WeightServiceImpl(WeightStore store, WeightSyncListener listener) {
    this.store = store;
    this.listener = listener;
  }

  /** The stored version, or null after answering NOT_FOUND when it was never kept or is gone. */
  private WeightStore.StoredVersion findOrAnswerNotFound(long version, StreamObserver<?> response) {
    try {
      return store.find(version);
    } catch (VersionNotKeptException e) {
      response.onError(Status.NOT_FOUND.withDescription(e.getMessage()).asRuntimeException());
      return null;
    }
  }

  @Override
  public void getManifest(GetManifestRequest request, StreamObserver<WeightManifest> response) {
    WeightStore.StoredVersion v = findOrAnswerNotFound(request.getVersion(), response);
    if (v == null) {
      return;
    }
    response.onNext(v.manifest());
    response.onCompleted();
  }

  @Override
  public void fetchWeights(FetchWeightsRequest request, StreamObserver<WeightChunk> response) {
    WeightStore.StoredVersion v = findOrAnswerNotFound(request.getVersion(), response);
    if (v == null) {
      return;
    }
    int chunks = v.chunkCount();
    if (request.getFirstChunk() < 0 || request.getFirstChunk() > chunks) {
      response.onError(
          Status.OUT_OF_RANGE
              .withDescription(
                  "first_chunk " + request.getFirstChunk() + " is outside [0, " + chunks
                      + "] for adapter version " + v.manifest().getVersion())
              .asRuntimeException());
      return;
    }
    new ChunkSender(v, request.getFirstChunk(), (ServerCallStreamObserver<WeightChunk>) response)
        .start();
  }

  /** Sends chunks while the transport is ready; resumes from the onReady callback. */
  private final class ChunkSender {
    private final WeightStore.StoredVersion version;
    private final ServerCallStreamObserver<WeightChunk> call;
    private final int chunks;
    private int next;
    private boolean done;

    ChunkSender(WeightStore.StoredVersion version, int first, ServerCallStreamObserver<WeightChunk> call) {
      this.version = version;
      this.call = call;
      this.chunks = version.chunkCount();
      this.next = first;
    }

    void start() {
      call.setOnCancelHandler(
          () -> {
            synchronized (this) {
              done = true;
            }
          });
      // Let two chunks be buffered before the stream reports not-ready (the default is 32 KiB,
      // which would make every chunk wait for the transport to drain the previous one).
      call.setOnReadyThreshold(2 * version.manifest().getChunkBytes());
      call.setOnReadyHandler(this::drain);
      drain();
    }

    private synchronized void drain() {
      while (!done && next < chunks && call.isReady()) {
        var data = version.chunk(next);
        // Counted before the send, so the count is complete once the worker has the chunk.
        listener.onBytesSent(data.size());
        call.onNext(
            WeightChunk.newBuilder()
                .setVersion(version.manifest().getVersion())
                .setIndex(next)
                .setOffset(WeightPayload.chunkOffset(version.manifest(), next))
                .setData(data)
                .build());
        next++;
      }
      if (!done && next >= chunks) {
        done = true;
        call.onCompleted();
      }
    }
  }

  @Override
  public void subscribe(SubscribeRequest request, StreamObserver<VersionAnnouncement> response) {
    var call = (ServerCallStreamObserver<VersionAnnouncement>) response;
    Subscription s = new Subscription(request.getWorkerId(), call);
    subscriptions.add(s);
    listener.onSubscribersChanged(subscriptions.size());
    call.setOnCancelHandler(s::close);
    s.setRegistration(store.subscribe(request.getKnownVersion(), s::announce));
    LOG.info("worker {} subscribed to adapter versions newer than {}",
        request.getWorkerId(), request.getKnownVersion());
  }

  /** Ends every open subscription (workers reconnect with backoff); used on shutdown. */
  public void closeSubscriptions(Status status) {
    for (Subscription s : subscriptions) {
      s.end(status);
    }
  }

  /** Number of open subscriptions. */
  public int subscriberCount() {
    return subscriptions.size();
  }

  /**
   * One open Subscribe stream. Lock order: the store's lock, then this one (announcements arrive
   * under the store's lock), so nothing here calls into the store while holding this lock.
   */
  private final class Subscription {
    private final String workerId;
    private final ServerCallStreamObserver<VersionAnnouncement> call;
    private AutoCloseable registration;
    private boolean closed;

    Subscription(String workerId, ServerCallStreamObserver<VersionAnnouncement> call) {
      this.workerId = workerId;
      this.call = call;
    }

    void setRegistration(AutoCloseable r) {
      boolean alreadyClosed;
      synchronized (this) {
        registration = r;
        alreadyClosed = closed;
      }
      if (alreadyClosed) {
        unregister(r);
      }
    }

    /** Called by the store, under its lock. */
    void announce(WeightManifest manifest) {
      synchronized (this) {
        if (closed) {
          return;
        }
        try {
          call.onNext(VersionAnnouncement.newBuilder().setManifest(manifest).build());
          return;
        } catch (RuntimeException e) {
          // Cancelled between our check and the send.
          LOG.debug("dropping subscription of {}: {}", workerId, e.toString());
        }
      }
      close();
    }

    void end(Status status) {
      synchronized (this) {
        if (closed) {
          return;
        }
        try {
          if (status.isOk()) {
            call.onCompleted();
          } else {
            call.onError(status.asRuntimeException());
          }
        } catch (RuntimeException e) {
          LOG.debug("subscription of {} already gone: {}", workerId, e.toString());
        }
      }
      close();
    }

    void close() {
      AutoCloseable r;
      synchronized (this) {
        if (closed) {
          return;
        }
        closed = true;
        r = registration;
      }
      unregister(r);
      if (subscriptions.remove(this)) {
        listener.onSubscribersChanged(subscriptions.size());
      }
    }

    private void unregister(AutoCloseable r) {
      if (r == null) {
        return;
      }
      try {
        r.close();
      } catch (Exception e) {
        throw new IllegalStateException("cannot unregister subscription of " + workerId, e);
      }
    }
  }
}
