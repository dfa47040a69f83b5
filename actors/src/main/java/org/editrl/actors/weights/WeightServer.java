package org.editrl.actors.weights;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.editrl.core.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lifecycle of the learner's WeightService: binds, reports the bound port, and shuts down
 * gracefully (subscriptions are ended first so workers reconnect elsewhere or later; in-flight
 * transfers get a grace period). The transport comes from the injected {@link ServerBuilder}, so
 * tests can use the in-process one; {@link #start(WeightSettings, WeightStore,
 * WeightSyncListener)} builds the Netty server from settings.
 */
public final class WeightServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WeightServer.class);

  private final Server server;
  private final WeightServiceImpl service;
  private final String host;
  private final Duration shutdownGrace;
  private final boolean tls;
  private final AutoCloseable publications;

  /**
   * @param builder the transport, not yet holding any service
   * @param host the host part reported by {@link #target()} (where workers dial)
   * @param token bearer token to require on every call, if any
   */
  public WeightServer(
      ServerBuilder<?> builder,
      String host,
      WeightStore store,
      WeightSyncListener listener,
      Optional<String> token,
      Duration shutdownGrace,
      boolean tls) {
    this.service = new WeightServiceImpl(store, listener);
    this.host = host;
    this.shutdownGrace = shutdownGrace;
    this.tls = tls;
    // Report every version published from now on (the listener feeds metrics).
    this.publications = store.subscribe(store.newestVersion(), listener::onPublished);
    this.server =
        builder
            .addService(
                token.isPresent()
                    ? ServerInterceptors.intercept(service, new BearerTokenInterceptor(token.get()))
                    : service.bindService())
            .build();
  }

  /** Binds Netty on the configured host and port (TLS and token as configured) and starts. */
  public static WeightServer start(
      WeightSettings settings, WeightStore store, WeightSyncListener listener) {
    ServerCredentials credentials = InsecureServerCredentials.create();
    if (settings.tls().isPresent()) {
      WeightSettings.Tls t = settings.tls().get();
      for (var file : new java.nio.file.Path[] {t.certChain(), t.privateKey()}) {
        if (!Files.isReadable(file)) {
          throw new UserError("TLS file not found or unreadable: " + file
              + " (check editrl.weights.tls.cert-chain and editrl.weights.tls.private-key)");
        }
      }
      try {
        credentials = TlsServerCredentials.create(t.certChain().toFile(), t.privateKey().toFile());
      } catch (IOException | IllegalArgumentException e) {
        throw new UserError("cannot read TLS certificate " + t.certChain() + " or key "
            + t.privateKey() + ": " + e.getMessage() + " (the key must be PEM PKCS#8)");
      }
    }
    NettyServerBuilder builder =
        NettyServerBuilder.forAddress(
                new InetSocketAddress(settings.host(), settings.port()), credentials)
            // Workers keep one idle subscription open; allow their keepalive pings.
            .permitKeepAliveTime(10, TimeUnit.SECONDS)
            .permitKeepAliveWithoutCalls(true)
            .maxInboundMessageSize(1 << 20);
    WeightServer server =
        new WeightServer(
            builder,
            settings.advertiseHost(),
            store,
            listener,
            settings.token(),
            settings.shutdownGrace(),
            settings.tls().isPresent());
    return server.start();
  }

  /** Starts serving; a port already in use is a UserError naming it. */
  public WeightServer start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UserError("cannot start the weight service on " + host + ": " + e.getMessage()
          + " (is the port in use? set editrl.weights.port, or 0 for any free port)", e);
    }
    LOG.info("weight service listening on {}{}", target(), tls ? " (TLS)" : "");
    return this;
  }

  /** The bound port (the real one when configured with 0); -1 for in-process transports. */
  public int port() {
    return server.getPort();
  }

  /** {@code host:port} for workers to dial. */
  public String target() {
    return host + ":" + port();
  }

  public WeightServiceImpl service() {
    return service;
  }

  /**
   * Ends subscriptions, stops accepting calls, lets in-flight transfers finish within the grace
   * period, then cuts what is left.
   */
  @Override
  public void close() {
    try {
      publications.close();
    } catch (Exception e) {
      throw new IllegalStateException("cannot unregister from the weight store", e);
    }
    service.closeSubscriptions(
        Status.UNAVAILABLE.withDescription("the learner's weight service is shutting down"));
    server.shutdown();
    try {
      if (!server.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS)) {
        server.shutdownNow();
        server.awaitTermination(shutdownGrace.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
