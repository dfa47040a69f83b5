package org.editrl.actors.weights;

import io.grpc.ChannelCredentials;
import io.grpc.CompositeChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import org.editrl.core.UserError;

/** Opens the worker's channel to a learner's WeightService from settings. */
public final class WeightChannels {
  /** Receive window per stream and connection, bytes. */
  static final int FLOW_CONTROL_WINDOW = 32 << 20;

  private WeightChannels() {}

  /**
   * A channel to {@code target} ("host:port"): TLS when {@code useTls} (trusting {@code
   * settings.trustCert()} or the JVM's trust store), the bearer token on every call if set. The
   * caller closes it.
   */
  public static ManagedChannel open(String target, WeightSettings settings, boolean useTls) {
    ChannelCredentials credentials = InsecureChannelCredentials.create();
    if (useTls) {
      TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder();
      if (settings.trustCert().isPresent()) {
        var file = settings.trustCert().get();
        if (!Files.isReadable(file)) {
          throw new UserError("TLS trust certificate not found: " + file
              + " (check editrl.weights.tls.trust-cert)");
        }
        try {
          tls.trustManager(file.toFile());
        } catch (IOException e) {
          throw new UserError("cannot read TLS trust certificate " + file + ": " + e.getMessage());
        }
      }
      credentials = tls.build();
    }
    if (settings.token().isPresent()) {
      credentials =
          CompositeChannelCredentials.create(
              credentials, new BearerTokenCredentials(settings.token().get()));
    }
    return NettyChannelBuilder.forTarget(target, credentials)
        // Adapters arrive in chunks of up to 16 MiB: a window of a few chunks keeps the stream
        // from stalling on a window update per chunk (gRPC's default window is 1 MiB).
        .flowControlWindow(FLOW_CONTROL_WINDOW)
        // A chunk is at most MAX_CHUNK_BYTES; leave room for the message around it.
        .maxInboundMessageSize(WeightSettings.MAX_CHUNK_BYTES + (1 << 20))
        .keepAliveTime(20, TimeUnit.SECONDS)
        .keepAliveWithoutCalls(true)
        .build();
  }

  /** {@link #open(String, WeightSettings, boolean)} with TLS when the settings configure it. */
  public static ManagedChannel open(String target, WeightSettings settings) {
    return open(target, settings, settings.tls().isPresent() || settings.trustCert().isPresent());
  }
}
