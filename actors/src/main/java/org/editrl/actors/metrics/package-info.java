/**
 * Prometheus metrics (client_java 1.x): {@link org.editrl.actors.metrics.EditrlMetrics} registers
 * every editrl metric on an explicit registry and offers typed methods to the actors; {@link
 * org.editrl.actors.metrics.WeightSyncMetrics} feeds weight-broadcast events into it; {@link
 * org.editrl.actors.metrics.MetricsServer} serves {@code /metrics} over HTTP. The list of metrics
 * with types, labels and meaning is {@code docs/metrics.md}.
 */
package org.editrl.actors.metrics;
