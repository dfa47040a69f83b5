package org.editrl.actors.weights;

import com.google.protobuf.ByteString;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.editrl.proto.FetchWeightsRequest;
import org.editrl.proto.WeightChunk;

/**
 * Damages the weight service's traffic on the server side, as a faulty network or disk would:
 * flips a byte in outgoing chunks, or cuts a payload stream after some chunks. Records the fetch
 * requests it sees. Installed with {@code ServerBuilder.intercept}, in front of the real service.
 */
final class WireTamper implements ServerInterceptor {
  /** Number of coming FetchWeights calls whose chunks get one byte flipped. */
  final AtomicInteger corruptCalls = new AtomicInteger();
  /** Number of coming FetchWeights calls cut with UNAVAILABLE after {@link #cutAfterChunks}. */
  final AtomicInteger cutCalls = new AtomicInteger();

  volatile int cutAfterChunks = 1;
  final List<FetchWeightsRequest> fetches = new CopyOnWriteArrayList<>();

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    if (!call.getMethodDescriptor().getBareMethodName().equals("FetchWeights")) {
      return next.startCall(call, headers);
    }
    boolean corrupt = takeOne(corruptCalls);
    boolean cut = !corrupt && takeOne(cutCalls);
    ServerCall<Q, R> tampered =
        new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
          private int sent;
          private boolean closed;

          @Override
          @SuppressWarnings("unchecked")
          public void sendMessage(R message) {
            if (closed) {
              return;
            }
            if (cut && sent == cutAfterChunks) {
              closed = true;
              super.close(Status.UNAVAILABLE.withDescription("connection reset (test)"), new Metadata());
              return;
            }
            sent++;
            if (corrupt && message instanceof WeightChunk c && !c.getData().isEmpty()) {
              byte[] data = c.getData().toByteArray();
              data[data.length / 2] ^= 0x5a;
              message = (R) c.toBuilder().setData(ByteString.copyFrom(data)).build();
            }
            super.sendMessage(message);
          }

          @Override
          public void close(Status status, Metadata trailers) {
            if (!closed) {
              closed = true;
              super.close(status, trailers);
            }
          }
        };
    ServerCall.Listener<Q> listener = next.startCall(tampered, headers);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onMessage(Q message) {
        if (message instanceof FetchWeightsRequest r) {
          fetches.add(r);
        }
        super.onMessage(message);
      }
    };
  }

  private static boolean takeOne(AtomicInteger counter) {
    return counter.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }
}
