package org.editrl.actors.weights;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.proto.WeightManifest;

/**
 * The learner's versioned adapter store: each {@link #publish} encodes the tensors once into an
 * immutable payload under the next version number (1, 2, …), keeps the newest {@code
 * keepVersions} and tells every subscriber. Thread-safe.
 */
public final class WeightStore {
  /** A published version: its manifest and payload bytes (never modified after publishing). */
  public static final class StoredVersion {
    private final WeightManifest manifest;
    private final byte[] payload;

    StoredVersion(WeightManifest manifest, byte[] payload) {
      this.manifest = manifest;
      this.payload = payload;
    }

    public WeightManifest manifest() {
      return manifest;
    }

    public int chunkCount() {
      return WeightPayload.chunkCount(manifest);
    }

    /** Chunk {@code index} as a read-only view of the payload (no copy). */
    public ByteString chunk(int index) {
      int offset = (int) WeightPayload.chunkOffset(manifest, index);
      // Safe: the payload array is never written after publish.
      return UnsafeByteOperations.unsafeWrap(
          payload, offset, WeightPayload.chunkLength(manifest, index));
    }
  }

  private final String baseId;
  private final int chunkBytes;
  private final int keepVersions;
  private final Clock clock;
  private final Deque<StoredVersion> kept = new ArrayDeque<>();
  private final List<Consumer<WeightManifest>> listeners = new ArrayList<>();
  private long lastVersion;

  /**
   * @param baseId identity of the frozen base every published adapter belongs to
   * @param chunkBytes payload bytes per streamed chunk
   * @param keepVersions how many of the newest versions stay fetchable (at least 1)
   */
  public WeightStore(String baseId, int chunkBytes, int keepVersions) {
    this(baseId, chunkBytes, keepVersions, Clock.systemUTC());
  }

  public WeightStore(String baseId, int chunkBytes, int keepVersions, Clock clock) {
    if (chunkBytes <= 0) {
      throw new IllegalArgumentException("chunkBytes must be positive, got " + chunkBytes);
    }
    if (keepVersions < 1) {
      throw new IllegalArgumentException("keepVersions must be at least 1, got " + keepVersions);
    }
    this.baseId = baseId;
    this.chunkBytes = chunkBytes;
    this.keepVersions = keepVersions;
    this.clock = clock;
  }

  /**
   * Publishes an adapter as the next version and announces it to every subscriber.
   *
   * @param adapter the trainable tensors, in a fixed order
   * @param learnerStep the learner step that produced them
   * @return the new version's manifest
   */
  public synchronized WeightManifest publish(List<NamedTensor> adapter, long learnerStep) {
    long version = lastVersion + 1;
    WeightPayload.Encoded encoded =
        WeightPayload.encode(adapter, version, learnerStep, baseId, chunkBytes, clock.millis());
    lastVersion = version;
    kept.addLast(new StoredVersion(encoded.manifest(), encoded.payload()));
    while (kept.size() > keepVersions) {
      kept.removeFirst();
    }
    for (Consumer<WeightManifest> l : List.copyOf(listeners)) {
      l.accept(encoded.manifest());
    }
    return encoded.manifest();
  }

  /** The newest version, if any was published. */
  public synchronized Optional<StoredVersion> newest() {
    return Optional.ofNullable(kept.peekLast());
  }

  /** Newest published version number; 0 before the first publish. */
  public synchronized long newestVersion() {
    return lastVersion;
  }

  /**
   * A kept version; {@code 0} means the newest.
   *
   * @throws VersionNotKeptException with a message saying why and what to do instead
   */
  public synchronized StoredVersion find(long version) {
    if (lastVersion == 0) {
      throw new VersionNotKeptException(
          "no adapter has been published yet; subscribe to be told when the first one is");
    }
    if (version == 0) {
      return kept.peekLast();
    }
    for (StoredVersion v : kept) {
      if (v.manifest().getVersion() == version) {
        return v;
      }
    }
    long oldest = kept.peekFirst().manifest().getVersion();
    if (version > lastVersion || version < 0) {
      throw new VersionNotKeptException(
          "adapter version " + version + " has not been published (newest is " + lastVersion
              + "); ask for version 0 to get the newest");
    }
    throw new VersionNotKeptException(
        "adapter version " + version + " is no longer kept (the learner keeps the newest "
            + keepVersions + ": " + oldest + ".." + lastVersion
            + "); ask for version 0 to get the newest");
  }

  /**
   * Registers a listener for new versions. Atomically with registering, it is handed the newest
   * version if that is newer than {@code knownVersion}, so it misses nothing and sees versions
   * in order. Listeners run under the store's lock: they must only enqueue, never block.
   *
   * @return closing it unregisters the listener
   */
  public synchronized AutoCloseable subscribe(long knownVersion, Consumer<WeightManifest> listener) {
    listeners.add(listener);
    StoredVersion newest = kept.peekLast();
    if (newest != null && newest.manifest().getVersion() > knownVersion) {
      listener.accept(newest.manifest());
    }
    return () -> {
      synchronized (WeightStore.this) {
        listeners.remove(listener);
      }
    };
  }

  public String baseId() {
    return baseId;
  }

  public int chunkBytes() {
    return chunkBytes;
  }

  public int keepVersions() {
    return keepVersions;
  }
}
