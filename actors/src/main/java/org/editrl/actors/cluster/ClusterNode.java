package org.editrl.actors.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.cluster.Cluster;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.management.cluster.bootstrap.ClusterBootstrap;
import org.apache.pekko.management.javadsl.PekkoManagement;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.core.UserError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a run's Pekko Cluster: creates the actor system from {@link ClusterSettings}
 * ({@link PekkoSettings} for the Pekko side), then joins. A node without seed nodes starts a new
 * cluster by joining itself (the learner); a node with seed nodes joins them and retries forever,
 * reporting every {@code join.warn-after} that it has not joined yet and which seeds it is trying
 * (so a wrong {@code --join} is obvious); with Kubernetes bootstrap it starts pekko-management and
 * Cluster Bootstrap instead.
 *
 * @param <T> the guardian's protocol
 */
public final class ClusterNode<T> implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);

  private final ActorSystem<T> system;
  private final ClusterSettings settings;
  private final CompletableFuture<Address> up = new CompletableFuture<>();
  private final Cancellable joinReporter;

  private ClusterNode(ActorSystem<T> system, ClusterSettings settings, Consumer<String> report) {
    this.system = system;
    this.settings = settings;
    Cluster cluster = Cluster.get(system);
    cluster.registerOnMemberUp(() -> up.complete(cluster.selfAddress()));
    switch (settings.bootstrap()) {
      case LOCAL -> {
        if (settings.seedNodes().isEmpty()) {
          cluster.join(cluster.selfAddress());
        }
        // else: Pekko joins the configured seed nodes by itself, retrying.
      }
      case KUBERNETES -> {
        PekkoManagement.get(system).start();
        ClusterBootstrap.get(system).start();
      }
    }
    Duration every = settings.joinWarnAfter();
    joinReporter =
        every.isZero()
            ? null
            : system.scheduler().scheduleAtFixedRate(every, every, () -> reportIfNotUp(report), system.executionContext());
    up.thenRun(() -> {
      if (joinReporter != null) {
        joinReporter.cancel();
      }
      LOG.info("node {} is up in cluster {}", cluster.selfAddress(), settings.systemName());
    });
  }

  /**
   * Starts a node and begins joining (without waiting for it: see {@link #whenUp()}).
   *
   * @param guardian the root behavior of the actor system
   * @param report where "not joined yet" messages go (e.g. a logger's warn)
   * @throws UserError if the Artery port cannot be bound
   */
  public static <T> ClusterNode<T> start(
      Behavior<T> guardian, ClusterSettings settings, EditrlConfig config, Consumer<String> report) {
    ActorSystem<T> system;
    try {
      system = ActorSystem.create(guardian, settings.systemName(), PekkoSettings.forNode(settings, config));
    } catch (RuntimeException e) {
      if (hasCause(e, java.net.BindException.class)) {
        throw new UserError("cannot bind the cluster port " + settings.host() + ":" + settings.port()
            + " (is another editrl node running there? set editrl.cluster.port, or 0 for any free port)", e);
      }
      throw e;
    }
    try {
      return new ClusterNode<>(system, settings, report);
    } catch (Exception e) { // Pekko's Scala code may throw checked exceptions undeclared
      system.terminate();
      if (settings.bootstrap() == ClusterSettings.Bootstrap.KUBERNETES
          && hasCause(e, java.nio.file.NoSuchFileException.class)) {
        throw new UserError("editrl.cluster.bootstrap = kubernetes must run inside a Kubernetes pod with a"
            + " service account (" + rootMessage(e) + " is missing); outside Kubernetes use"
            + " editrl.cluster.bootstrap = local and --join HOST:PORT", e);
      }
      if (e instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("cannot start cluster node " + settings.systemName(), e);
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getMessage();
  }

  /** {@link #start(Behavior, ClusterSettings, EditrlConfig, Consumer)} reporting to the log. */
  public static <T> ClusterNode<T> start(Behavior<T> guardian, ClusterSettings settings, EditrlConfig config) {
    return start(guardian, settings, config, LOG::warn);
  }

  private void reportIfNotUp(Consumer<String> report) {
    Cluster cluster = Cluster.get(system);
    MemberStatus status = cluster.selfMember().status();
    if (up.isDone() || status == MemberStatus.up() || status == MemberStatus.weaklyUp()) {
      return;
    }
    report.accept(notJoinedMessage());
  }

  /** What a node that has not joined yet says. */
  String notJoinedMessage() {
    String self = Cluster.get(system).selfAddress().toString();
    if (settings.bootstrap() == ClusterSettings.Bootstrap.KUBERNETES) {
      return "node " + self + " has not joined a cluster yet: Kubernetes discovery of pods with label app="
          + settings.kubernetes().serviceName() + " has not found "
          + settings.kubernetes().requiredContactPoints()
          + " contact points (check the pods' labels and the service account's permission to list pods);"
          + " still trying";
    }
    if (settings.seedNodes().isEmpty()) {
      return "node " + self + " has not become up yet; still trying";
    }
    return "node " + self + " has not joined the cluster yet: no answer from seed node(s) "
        + String.join(", ", settings.seedNodes().stream().map(ClusterNode::hostPort).toList())
        + " (is the learner running there and reachable? check --join / editrl.cluster.seed-nodes"
        + " and editrl.cluster.system-name); retrying every "
        + settings.joinRetryInterval().toMillis() + " ms";
  }

  private static String hostPort(String address) {
    int at = address.indexOf('@');
    return at < 0 ? address : address.substring(at + 1);
  }

  private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return true;
      }
    }
    return false;
  }

  public ActorSystem<T> system() {
    return system;
  }

  /** Whether this node is shutting down (or has shut down) because the cluster downed it. */
  public boolean wasDowned() {
    return shuttingDownFor(CoordinatedShutdown.clusterDowningReason());
  }

  /** Whether this node is shutting down because the JVM is exiting (Ctrl-C, SIGTERM). */
  public boolean isJvmExiting() {
    return shuttingDownFor(CoordinatedShutdown.jvmExitReason());
  }

  /** Whether this node is shutting down (or has shut down) for {@code reason}. */
  public boolean shuttingDownFor(CoordinatedShutdown.Reason reason) {
    return CoordinatedShutdown.get(system).getShutdownReason().filter(reason::equals).isPresent();
  }

  /** This node's address, with the bound port when configured with 0. */
  public Address address() {
    return Cluster.get(system).selfAddress();
  }

  /** {@code host:port} that other nodes pass to {@code --join}. */
  public String joinTarget() {
    Address a = address();
    return a.host().get() + ":" + a.port().get();
  }

  /** Completes with this node's address once it is a member with status Up. */
  public CompletionStage<Address> whenUp() {
    return up;
  }

  /** Waits until this node is up. */
  public Address awaitUp(Duration timeout) throws TimeoutException, InterruptedException {
    try {
      return up.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } catch (TimeoutException e) {
      throw new TimeoutException(notJoinedMessage());
    }
  }

  /** Leaves the cluster gracefully (coordinated shutdown) and waits for the system to stop. */
  @Override
  public void close() {
    if (joinReporter != null) {
      joinReporter.cancel();
    }
    system.terminate();
    try {
      system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
      LOG.warn("actor system {} did not stop within 30 s: {}", system.name(), e.toString());
    }
  }
}
