/**
 * Tests of the deploy module's files (no main code): the Dockerfile, the Kubernetes manifests,
 * the Prometheus configuration and rules and the Grafana dashboard. They read the files as they are
 * in the checkout (the working directory is the module directory, so the repository root is
 * {@code ..}) and check them against the code's own sources of truth: config keys and ports of
 * {@code actors/src/main/resources/editrl-reference.conf}, metric names of {@code docs/metrics.md}
 * plus the client_java JVM metrics, and the jar path of the {@code editrl} launcher. No network.
 */
package org.editrl.deploy;
