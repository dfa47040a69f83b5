package org.editrl.actors.metrics;

import org.editrl.actors.config.EditrlConfig;

/**
 * {@code editrl.metrics}: the Prometheus HTTP exporter.
 *
 * @param enabled serve /metrics at all
 * @param host interface to bind
 * @param port TCP port; 0 = ephemeral
 */
public record MetricsSettings(boolean enabled, String host, int port) {
  public static MetricsSettings from(EditrlConfig c) {
    return new MetricsSettings(
        c.bool("editrl.metrics.enabled"),
        c.string("editrl.metrics.host"),
        c.intValue("editrl.metrics.port", 0, 65535));
  }
}
