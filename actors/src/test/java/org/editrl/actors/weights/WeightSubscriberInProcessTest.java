package org.editrl.actors.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.editrl.core.tensor.NamedTensor;
import org.editrl.proto.FetchWeightsRequest;
import org.editrl.proto.GetManifestRequest;
import org.editrl.proto.WeightServiceGrpc;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Subscriber behaviour over the in-process transport: resume, versions no longer kept, order. */
class WeightSubscriberInProcessTest {
  private static final int CHUNK = 16 << 10;
  private static final String BASE = "base-test";

  private WeightServer server;
  private ManagedChannel channel;
  private WeightSubscriber subscriber;

  private void start(WeightStore store, WireTamper tamper) {
    String name = InProcessServerBuilder.generateName();
    server =
        new WeightServer(
                InProcessServerBuilder.forName(name).directExecutor().intercept(tamper),
                "in-process", store, WeightSyncListener.NONE, Optional.empty(),
                Duration.ofSeconds(1), false)
            .start();
    channel = InProcessChannelBuilder.forName(name).build();
  }

  private WeightSubscriber subscribe(WeightSyncListener listener, long known) {
    subscriber =
        WeightSubscriber.builder()
            .setChannel(channel)
            .setWorkerId("w")
            .setBaseId(BASE)
            .optListener(listener)
            .optKnownVersion(known)
            .optBackoff(Duration.ofMillis(5), Duration.ofMillis(50))
            .build()
            .start();
    return subscriber;
  }

  @AfterEach
  void stop() throws Exception {
    if (subscriber != null) {
      subscriber.close();
    }
    if (channel != null) {
      channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void aBrokenStreamResumesFromTheNextChunk() throws Exception {
    WeightStore store = new WeightStore(BASE, CHUNK, 2);
    List<NamedTensor> v1 = WeightServiceNettyTest.adapter(3f);
    store.publish(v1, 1);
    WireTamper tamper = new WireTamper();
    tamper.cutAfterChunks = 4;
    tamper.cutCalls.set(1);
    start(store, tamper);
    RecordingListener events = new RecordingListener();
    subscribe(events, 0);

    AdapterVersion staged = subscriber.awaitVersion(1, Duration.ofSeconds(20));
    assertThat(staged.tensors()).isEqualTo(v1);
    assertThat(events.rejections).singleElement()
        .satisfies(r -> assertThat(r.reason()).isEqualTo(RejectReason.BROKEN_STREAM));
    assertThat(tamper.fetches).extracting(FetchWeightsRequest::getFirstChunk).containsExactly(0, 4);
    // Only the missing chunks travelled again: the bytes received equal the payload once.
    assertThat(events.stagedBytes).containsExactly(staged.totalBytes());
  }

  @Test
  void skipsToTheNewestAndOnlyFetchesVersionsNewerThanKnown() throws Exception {
    WeightStore store = new WeightStore(BASE, CHUNK, 2);
    for (int v = 1; v <= 5; v++) {
      store.publish(WeightServiceNettyTest.adapter(v), v * 10L);
    }
    WireTamper tamper = new WireTamper();
    start(store, tamper);
    RecordingListener events = new RecordingListener();
    subscribe(events, 2);
    assertThat(subscriber.awaitVersion(5, Duration.ofSeconds(20)).tensors())
        .isEqualTo(WeightServiceNettyTest.adapter(5));
    assertThat(tamper.fetches).extracting(FetchWeightsRequest::getVersion).containsExactly(5L);

    store.publish(WeightServiceNettyTest.adapter(6), 60);
    assertThat(subscriber.awaitVersion(6, Duration.ofSeconds(20)).learnerStep()).isEqualTo(60);
    assertThat(events.staged).containsExactly(5L, 6L);
  }

  @Test
  void versionsNoLongerKeptAnswerNotFoundWithWhatToDo() {
    WeightStore store = new WeightStore(BASE, CHUNK, 2);
    start(store, new WireTamper());
    var stub = WeightServiceGrpc.newBlockingStub(channel);
    assertThatThrownBy(() -> stub.getManifest(GetManifestRequest.getDefaultInstance()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).contains("no adapter has been published");
        });
    for (int v = 1; v <= 4; v++) {
      store.publish(WeightServiceNettyTest.adapter(v), v);
    }
    assertThatThrownBy(() -> stub.fetchWeights(FetchWeightsRequest.newBuilder().setVersion(1).build()).next())
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
          assertThat(e.getStatus().getDescription()).contains("no longer kept").contains("3..4");
        });
    assertThat(stub.getManifest(GetManifestRequest.newBuilder().setVersion(3).build()).getVersion())
        .isEqualTo(3);
  }
}
