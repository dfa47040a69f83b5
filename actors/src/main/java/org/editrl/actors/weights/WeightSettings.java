package org.editrl.actors.weights;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.core.UserError;

/**
 * {@code editrl.weights}: the WeightService (learner) and its subscribers (workers).
 *
 * @param host interface the server binds to
 * @param advertiseHost host workers dial to reach the server
 * @param port server port; 0 = ephemeral
 * @param chunkBytes payload bytes per streamed chunk
 * @param keepVersions newest versions kept fetchable
 * @param token bearer token every call must carry; empty = no check
 * @param tls server certificate chain and key; empty = plaintext
 * @param trustCert worker side: certificate(s) to trust; empty = the JVM's trust store
 * @param reconnectInitialBackoff first wait before a retry, doubled per failure
 * @param reconnectMaxBackoff longest wait between retries
 * @param transferTimeout deadline for fetching one version
 * @param shutdownGrace time in-flight calls get on shutdown
 */
public record WeightSettings(
    String host,
    String advertiseHost,
    int port,
    int chunkBytes,
    int keepVersions,
    Optional<String> token,
    Optional<Tls> tls,
    Optional<Path> trustCert,
    Duration reconnectInitialBackoff,
    Duration reconnectMaxBackoff,
    Duration transferTimeout,
    Duration shutdownGrace) {

  /** Server TLS material, both PEM files. */
  public record Tls(Path certChain, Path privateKey) {}

  public static final int MIN_CHUNK_BYTES = 64 << 10;
  public static final int MAX_CHUNK_BYTES = 16 << 20;

  public static WeightSettings from(EditrlConfig c) {
    Optional<Path> cert = c.optPath("editrl.weights.tls.cert-chain");
    Optional<Path> key = c.optPath("editrl.weights.tls.private-key");
    if (cert.isPresent() != key.isPresent()) {
      throw new UserError(
          "editrl.weights.tls.cert-chain and editrl.weights.tls.private-key must be set together"
              + " (TLS needs both), or both left empty for plaintext");
    }
    Duration initial = c.duration("editrl.weights.reconnect.initial-backoff");
    Duration max = c.duration("editrl.weights.reconnect.max-backoff");
    if (initial.isZero() || max.compareTo(initial) < 0) {
      throw c.bad("editrl.weights.reconnect.max-backoff",
          "a duration at least editrl.weights.reconnect.initial-backoff (" + initial + "), which must be > 0");
    }
    String host = c.string("editrl.weights.host");
    String advertise = c.optString("editrl.weights.advertise-host")
        .orElse(host.equals("0.0.0.0") || host.equals("::") ? c.string("editrl.cluster.host") : host);
    return new WeightSettings(
        host,
        advertise,
        c.intValue("editrl.weights.port", 0, 65535),
        (int) c.bytes("editrl.weights.chunk-bytes", MIN_CHUNK_BYTES, MAX_CHUNK_BYTES),
        c.intValue("editrl.weights.keep-versions", 1, 1000),
        c.optString("editrl.weights.token"),
        cert.map(p -> new Tls(p, key.get())),
        c.optPath("editrl.weights.tls.trust-cert"),
        initial,
        max,
        c.duration("editrl.weights.transfer-timeout"),
        c.duration("editrl.weights.shutdown-grace"));
  }
}
