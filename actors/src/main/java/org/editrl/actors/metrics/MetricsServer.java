package org.editrl.actors.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import org.editrl.core.UserError;

/**
 * The node's Prometheus exporter: {@code GET /metrics} (text or OpenMetrics, as the scraper asks)
 * and {@code GET /-/healthy} on the configured interface and port.
 */
public final class MetricsServer implements AutoCloseable {
  private final HTTPServer server;
  private final String host;

  private MetricsServer(HTTPServer server, String host) {
    this.server = server;
    this.host = host;
  }

  /**
   * Binds and starts serving {@code registry}.
   *
   * @throws UserError if the port cannot be bound, naming it and the key to change
   */
  public static MetricsServer start(MetricsSettings settings, PrometheusRegistry registry) {
    try {
      HTTPServer server =
          HTTPServer.builder()
              .hostname(settings.host())
              .port(settings.port())
              .registry(registry)
              .buildAndStart();
      return new MetricsServer(server, settings.host());
    } catch (IOException e) {
      throw new UserError("cannot serve /metrics on " + settings.host() + ":" + settings.port()
          + ": " + e.getMessage()
          + " (is the port in use? set editrl.metrics.port, or 0 for any free port)", e);
    }
  }

  /** Starts the exporter if {@code editrl.metrics.enabled}, else returns empty. */
  public static java.util.Optional<MetricsServer> startIfEnabled(
      MetricsSettings settings, PrometheusRegistry registry) {
    return settings.enabled() ? java.util.Optional.of(start(settings, registry)) : java.util.Optional.empty();
  }

  /** The bound port (the real one when configured with 0). */
  public int port() {
    return server.getPort();
  }

  /** Where Prometheus scrapes this node. */
  public String url() {
    return "http://" + host + ":" + port() + "/metrics";
  }

  @Override
  public void close() {
    server.close();
  }
}
