package org.editrl.actors.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.editrl.actors.config.EditrlConfig;
import org.editrl.core.UserError;

/**
 * {@code editrl.cluster}: how this node joins the run's Pekko Cluster.
 *
 * @param systemName actor system name, the same on every node
 * @param host canonical hostname others reach this node at
 * @param port Artery port; 0 = ephemeral
 * @param seedNodes full seed addresses ({@code pekko://system@host:port}); empty = start a cluster
 * @param bootstrap how nodes are found
 * @param joinRetryInterval wait between join attempts
 * @param joinWarnAfter warn (and repeat) when not joined after this long
 * @param downUnreachableAfter split-brain resolver stable-after
 * @param splitBrainStrategy split-brain resolver strategy
 * @param kubernetes settings for {@link Bootstrap#KUBERNETES}
 */
public record ClusterSettings(
    String systemName,
    String host,
    int port,
    List<String> seedNodes,
    Bootstrap bootstrap,
    Duration joinRetryInterval,
    Duration joinWarnAfter,
    Duration downUnreachableAfter,
    SplitBrainStrategy splitBrainStrategy,
    Kubernetes kubernetes) {

  /** How a node finds the others. */
  public enum Bootstrap {
    /** Seed nodes from config or {@code --join}. */
    LOCAL,
    /** pekko-management Cluster Bootstrap with Kubernetes API discovery. */
    KUBERNETES
  }

  /** Split-brain resolver strategies editrl supports. */
  public enum SplitBrainStrategy {
    KEEP_OLDEST,
    KEEP_MAJORITY
  }

  /**
   * Kubernetes API discovery.
   *
   * @param serviceName pods are selected by {@code app=<serviceName>}
   * @param namespace namespace to search; "" = the pod's own
   * @param requiredContactPoints nodes found before the first forms the cluster
   * @param managementPort pekko-management HTTP port
   */
  public record Kubernetes(String serviceName, String namespace, int requiredContactPoints, int managementPort) {}

  private static final Pattern HOST_PORT = Pattern.compile("^\\[?([A-Za-z0-9_.:-]+?)]?:(\\d{1,5})$");
  private static final Pattern ADDRESS =
      Pattern.compile("^pekko://([A-Za-z0-9][A-Za-z0-9_-]*)@(\\[?[A-Za-z0-9_.:-]+]?):(\\d{1,5})$");

  public ClusterSettings {
    seedNodes = List.copyOf(seedNodes);
  }

  public static ClusterSettings from(EditrlConfig c) {
    String systemName = c.string("editrl.cluster.system-name");
    if (!systemName.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
      throw c.bad("editrl.cluster.system-name", "letters, digits, '-' and '_' (a Pekko system name)");
    }
    List<String> seeds = new ArrayList<>();
    for (String s : c.stringList("editrl.cluster.seed-nodes")) {
      seeds.add(seedAddress(systemName, s, "editrl.cluster.seed-nodes"));
    }
    Duration retry = c.duration("editrl.cluster.join.retry-interval");
    if (retry.isZero()) {
      throw c.bad("editrl.cluster.join.retry-interval", "a positive duration");
    }
    return new ClusterSettings(
        systemName,
        c.string("editrl.cluster.host"),
        c.intValue("editrl.cluster.port", 0, 65535),
        seeds,
        c.enumValue("editrl.cluster.bootstrap", Bootstrap.class),
        retry,
        c.duration("editrl.cluster.join.warn-after"),
        c.duration("editrl.cluster.down-unreachable-after"),
        c.enumValue("editrl.cluster.split-brain-strategy", SplitBrainStrategy.class),
        new Kubernetes(
            c.string("editrl.cluster.kubernetes.service-name"),
            c.string("editrl.cluster.kubernetes.namespace"),
            c.intValue("editrl.cluster.kubernetes.required-contact-points", 1, 1000),
            c.intValue("editrl.cluster.kubernetes.management-port", 1, 65535)));
  }

  /**
   * These settings joining {@code hostPort} (the {@code --join HOST:PORT} option) instead of the
   * configured seed nodes.
   *
   * @throws UserError if it is not HOST:PORT or a pekko:// address
   */
  public ClusterSettings withJoin(String hostPort) {
    return withSeedNodes(List.of(seedAddress(systemName, hostPort, "--join")));
  }

  public ClusterSettings withSeedNodes(List<String> seeds) {
    return new ClusterSettings(systemName, host, port, seeds, bootstrap, joinRetryInterval,
        joinWarnAfter, downUnreachableAfter, splitBrainStrategy, kubernetes);
  }

  public ClusterSettings withPort(int newPort) {
    return new ClusterSettings(systemName, host, newPort, seedNodes, bootstrap, joinRetryInterval,
        joinWarnAfter, downUnreachableAfter, splitBrainStrategy, kubernetes);
  }

  /**
   * A seed node as a full Pekko address.
   *
   * @param given {@code host:port} or {@code pekko://system@host:port}
   * @param source the option or key it came from, for the error message
   */
  static String seedAddress(String systemName, String given, String source) {
    String s = given.strip();
    Matcher full = ADDRESS.matcher(s);
    if (full.matches()) {
      if (!full.group(1).equals(systemName)) {
        throw new UserError(source + ": seed node " + s + " belongs to actor system '" + full.group(1)
            + "' but this node's is '" + systemName + "' (set editrl.cluster.system-name to match)");
      }
      checkPort(full.group(3), s, source);
      return s;
    }
    Matcher hp = HOST_PORT.matcher(s);
    if (!hp.matches()) {
      throw new UserError(source + " expects HOST:PORT (e.g. 10.0.0.5:7355) or pekko://"
          + systemName + "@HOST:PORT, got '" + given + "'");
    }
    checkPort(hp.group(2), s, source);
    String host = hp.group(1).contains(":") ? "[" + hp.group(1) + "]" : hp.group(1);
    return "pekko://" + systemName + "@" + host + ":" + hp.group(2);
  }

  private static void checkPort(String port, String given, String source) {
    int p = Integer.parseInt(port);
    if (p < 1 || p > 65535) {
      throw new UserError(source + ": port " + p + " of " + given + " is outside 1..65535");
    }
  }
}
