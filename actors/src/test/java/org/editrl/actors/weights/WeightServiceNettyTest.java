package org.editrl.actors.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.editrl.core.Sha256;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.proto.DType;
import org.editrl.proto.FetchWeightsRequest;
import org.editrl.proto.GetManifestRequest;
import org.editrl.proto.SubscribeRequest;
import org.editrl.proto.TensorEntry;
import org.editrl.proto.WeightChunk;
import org.editrl.proto.WeightManifest;
import org.editrl.proto.WeightServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Netty server on 127.0.0.1: manifest, chunking, TLS, bearer token, hash rejection. */
class WeightServiceNettyTest {
  private static final int CHUNK = 64 << 10;
  private static final String BASE = "base-test";

  @TempDir static Path certDir;
  static TestCertificates certs;

  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeAll
  static void makeCertificate() throws Exception {
    certs = TestCertificates.create(certDir);
  }

  @AfterEach
  void closeAll() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
  }

  private static WeightSettings settings(Optional<String> token, boolean tls) {
    return new WeightSettings(
        "127.0.0.1", "127.0.0.1", 0, CHUNK, 3, token,
        tls ? Optional.of(new WeightSettings.Tls(certs.certChain(), certs.privateKey())) : Optional.empty(),
        tls ? Optional.of(certs.certChain()) : Optional.empty(),
        Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(20), Duration.ofSeconds(2));
  }

  /** Three tensors of odd sizes (so the payload is not a whole number of chunks) and dtypes. */
  static List<NamedTensor> adapter(float scale) {
    float[] a = new float[3 * 100 * 77];
    for (int i = 0; i < a.length; i++) {
      a[i] = scale * (i % 113) / 113f;
    }
    int[] ids = new int[1000];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = (int) (i * scale);
    }
    float[] b = new float[64 * 300];
    for (int i = 0; i < b.length; i++) {
      b[i] = -scale * i;
    }
    return List.of(
        NamedTensor.ofFloats("blocks.0.q.lora_a", new long[] {3, 100, 77}, a),
        NamedTensor.ofInts("focus.positions", new long[] {1000}, ids),
        NamedTensor.ofFloats("blocks.0.soft_tokens", new long[] {64, 300}, b));
  }

  private <T extends AutoCloseable> T closing(T c) {
    toClose.add(c);
    return c;
  }

  private ManagedChannel channel(String target, WeightSettings s) {
    ManagedChannel ch = WeightChannels.open(target, s);
    toClose.add(() -> {
      ch.shutdownNow();
      ch.awaitTermination(5, TimeUnit.SECONDS);
    });
    return ch;
  }

  @Test
  void servesManifestAndChunkedPayloadOverTlsWithToken() {
    WeightSettings s = settings(Optional.of("s3cret"), true);
    WeightStore store = new WeightStore(BASE, CHUNK, 3);
    List<NamedTensor> tensors = adapter(1f);
    store.publish(tensors, 17);
    WeightServer server = closing(WeightServer.start(s, store, WeightSyncListener.NONE));
    assertThat(server.port()).isPositive();
    var stub = WeightServiceGrpc.newBlockingStub(channel(server.target(), s));

    WeightManifest m = stub.getManifest(GetManifestRequest.getDefaultInstance());
    assertThat(m.getVersion()).isEqualTo(1);
    assertThat(m.getLearnerStep()).isEqualTo(17);
    assertThat(m.getBaseId()).isEqualTo(BASE);
    assertThat(m.getChunkBytes()).isEqualTo(CHUNK);
    assertThat(m.getTensorsList()).extracting(TensorEntry::getName)
        .containsExactly("blocks.0.q.lora_a", "focus.positions", "blocks.0.soft_tokens");
    assertThat(m.getTensors(0).getShapeList()).containsExactly(3L, 100L, 77L);
    assertThat(m.getTensorsList()).extracting(TensorEntry::getDtype)
        .containsExactly(DType.FLOAT32, DType.INT32, DType.FLOAT32);
    long total = 0;
    for (int i = 0; i < tensors.size(); i++) {
      assertThat(m.getTensors(i).getSha256()).isEqualTo(Sha256.hex(tensors.get(i).data()));
      total += tensors.get(i).byteLength();
    }
    assertThat(m.getTotalBytes()).isEqualTo(total);

    List<WeightChunk> chunks = new ArrayList<>();
    stub.fetchWeights(FetchWeightsRequest.newBuilder().setVersion(1).build()).forEachRemaining(chunks::add);
    int expectedChunks = (int) ((total + CHUNK - 1) / CHUNK);
    assertThat(total % CHUNK).isNotZero();
    assertThat(chunks).hasSize(expectedChunks);
    ByteArrayOutputStream payload = new ByteArrayOutputStream();
    for (int i = 0; i < chunks.size(); i++) {
      WeightChunk c = chunks.get(i);
      assertThat(c.getIndex()).isEqualTo(i);
      assertThat(c.getOffset()).isEqualTo((long) i * CHUNK);
      assertThat(c.getData().size()).isEqualTo(i < chunks.size() - 1 ? CHUNK : (int) (total % CHUNK));
      payload.writeBytes(c.getData().toByteArray());
    }
    assertThat(Sha256.hex(payload.toByteArray())).isEqualTo(m.getSha256());

    // A broken transfer resumes from a chunk index.
    List<WeightChunk> resumed = new ArrayList<>();
    stub.fetchWeights(FetchWeightsRequest.newBuilder().setVersion(1).setFirstChunk(2).build())
        .forEachRemaining(resumed::add);
    assertThat(resumed).extracting(WeightChunk::getIndex).first().isEqualTo(2);
    assertThat(resumed).hasSize(expectedChunks - 2);
  }

  @Test
  void rejectsCallsWithoutTheRightTokenWithAnActionableMessage() {
    WeightSettings serverSettings = settings(Optional.of("s3cret"), true);
    WeightStore store = new WeightStore(BASE, CHUNK, 3);
    store.publish(adapter(1f), 1);
    WeightServer server = closing(WeightServer.start(serverSettings, store, WeightSyncListener.NONE));

    var anonymous =
        WeightServiceGrpc.newBlockingStub(channel(server.target(), settings(Optional.empty(), true)));
    assertThatThrownBy(() -> anonymous.getManifest(GetManifestRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription())
              .contains("no bearer token").contains("editrl.weights.token");
        });
    assertThatThrownBy(() -> anonymous.fetchWeights(FetchWeightsRequest.newBuilder().setVersion(1).build()).next())
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
    assertThatThrownBy(() -> anonymous.subscribe(SubscribeRequest.newBuilder().setWorkerId("w").build()).next())
        .isInstanceOfSatisfying(StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));

    // A worker without the token keeps what it has, counts the refusal and keeps retrying.
    RecordingListener events = new RecordingListener();
    WeightSubscriber subscriber =
        closing(
            WeightSubscriber.builder()
                .setChannel(channel(server.target(), settings(Optional.empty(), true)))
                .setWorkerId("rollout-3")
                .setBaseId(BASE)
                .optListener(events)
                .optSettings(settings(Optional.empty(), true))
                .build()
                .start());
    try {
      events.awaitRejections(2);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
    assertThat(events.rejections).allSatisfy(r -> {
      assertThat(r.reason()).isEqualTo(RejectReason.UNAUTHENTICATED);
      assertThat(r.detail()).contains("editrl.weights.token");
    });
    assertThat(subscriber.staged()).isEmpty();

    var wrong =
        WeightServiceGrpc.newBlockingStub(channel(server.target(), settings(Optional.of("guess"), true)));
    assertThatThrownBy(() -> wrong.getManifest(GetManifestRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
          assertThat(e.getStatus().getDescription()).contains("wrong bearer token");
        });
  }

  @Test
  void subscriberKeepsTheOldVersionOnACorruptChunkAndRetriesUntilClean() throws Exception {
    WeightSettings s = settings(Optional.of("tok"), false);
    WeightStore store = new WeightStore(BASE, CHUNK, 3);
    List<NamedTensor> v1 = adapter(1f);
    List<NamedTensor> v2 = adapter(2f);
    store.publish(v1, 10);
    WireTamper tamper = new WireTamper();
    WeightServer server =
        closing(
            new WeightServer(
                    NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0)).intercept(tamper),
                    "127.0.0.1", store, WeightSyncListener.NONE, s.token(), s.shutdownGrace(), false)
                .start());
    RecordingListener events = new RecordingListener();
    WeightSubscriber subscriber =
        closing(
            WeightSubscriber.builder()
                .setChannel(channel(server.target(), s))
                .setWorkerId("rollout-1")
                .setBaseId(BASE)
                .optListener(events)
                .optSettings(s)
                .build()
                .start());
    assertThat(subscriber.awaitVersion(1, Duration.ofSeconds(20)).tensors()).isEqualTo(v1);

    tamper.corruptCalls.set(3);
    store.publish(v2, 20);
    events.awaitRejections(3);
    assertThat(events.rejections).allSatisfy(r -> {
      assertThat(r.version()).isEqualTo(2);
      assertThat(r.reason()).isEqualTo(RejectReason.TENSOR_HASH);
      assertThat(r.detail()).contains("SHA-256");
    });
    // The fourth attempt is clean; until it lands the worker holds version 1, never a corrupt 2.
    AdapterVersion staged = subscriber.awaitVersion(2, Duration.ofSeconds(20));
    assertThat(staged.tensors()).isEqualTo(v2);
    assertThat(staged.learnerStep()).isEqualTo(20);
    assertThat(events.staged).containsExactly(1L, 2L);
    assertThat(tamper.fetches).hasSize(5); // v1 once, v2 three corrupt + one clean
    assertThat(subscriber.takeIfNewer(1)).contains(staged);
    assertThat(subscriber.takeIfNewer(2)).isEmpty();
  }

  @Test
  void aWorkerForAnotherBaseRefusesTheAdapter() throws Exception {
    WeightSettings s = settings(Optional.empty(), false);
    WeightStore store = new WeightStore("other-base", CHUNK, 3);
    store.publish(adapter(1f), 1);
    WeightServer server = closing(WeightServer.start(s, store, WeightSyncListener.NONE));
    RecordingListener events = new RecordingListener();
    WeightSubscriber subscriber =
        closing(
            WeightSubscriber.builder()
                .setChannel(channel(server.target(), s))
                .setWorkerId("rollout-2")
                .setBaseId(BASE)
                .optListener(events)
                .optSettings(s)
                .build()
                .start());
    events.awaitRejections(1);
    assertThat(events.rejections.get(0).reason()).isEqualTo(RejectReason.BASE_MISMATCH);
    assertThat(events.rejections.get(0).detail()).contains("other-base").contains(BASE);
    assertThat(subscriber.staged()).isEmpty();
  }

  @Test
  void startupProblemsAreUserErrorsNamingTheKey() {
    WeightSettings s = settings(Optional.empty(), false);
    WeightServer first = closing(WeightServer.start(s, new WeightStore(BASE, CHUNK, 3), WeightSyncListener.NONE));
    WeightSettings samePort = new WeightSettings("127.0.0.1", "127.0.0.1", first.port(), CHUNK, 3,
        Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofMillis(10), Duration.ofMillis(100),
        Duration.ofSeconds(20), Duration.ofSeconds(2));
    assertThatThrownBy(() -> WeightServer.start(samePort, new WeightStore(BASE, CHUNK, 3), WeightSyncListener.NONE))
        .isInstanceOf(org.editrl.core.UserError.class)
        .hasMessageContaining("editrl.weights.port");
    WeightSettings missingKey = new WeightSettings("127.0.0.1", "127.0.0.1", 0, CHUNK, 3, Optional.empty(),
        Optional.of(new WeightSettings.Tls(certs.certChain(), certDir.resolve("missing.key"))), Optional.empty(),
        Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(20), Duration.ofSeconds(2));
    assertThatThrownBy(() -> WeightServer.start(missingKey, new WeightStore(BASE, CHUNK, 3), WeightSyncListener.NONE))
        .isInstanceOf(org.editrl.core.UserError.class)
        .hasMessageContaining("missing.key")
        .hasMessageContaining("editrl.weights.tls.private-key");
  }
}
