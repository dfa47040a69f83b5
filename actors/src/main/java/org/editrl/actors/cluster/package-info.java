/**
 * The Pekko Cluster a run's nodes form: {@link org.editrl.actors.cluster.ClusterSettings} (read
 * once from {@code editrl.cluster}, {@code --join HOST:PORT} applied with {@code withJoin}),
 * {@link org.editrl.actors.cluster.PekkoSettings} (the one translation into Pekko configuration:
 * protobuf serialization for every {@code editrl.v1} message, Java serialization off, the
 * split-brain-resolver downing provider, Kubernetes bootstrap) and {@link
 * org.editrl.actors.cluster.ClusterNode} (creates the actor system, joins, reports a seed node
 * that does not answer).
 */
package org.editrl.actors.cluster;
