package org.editrl.actors.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;

/**
 * Every editrl metric, registered once on an explicit {@link PrometheusRegistry} (tests own
 * theirs; a node passes one registry to everything it runs). Names follow Prometheus conventions:
 * prefix {@code editrl_}, base units ({@code _seconds}, {@code _bytes}), counters end in
 * {@code _total}. {@code docs/metrics.md} lists them all; a test keeps the two in step.
 *
 * <p>Actors call the typed methods below; nothing outside this class names a metric.
 */
public final class EditrlMetrics {
  /** Latency buckets in seconds: a 5 ms judge call up to a two-minute learner step. */
  static final double[] LATENCY_BUCKETS = {
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120
  };

  /** Staleness buckets in policy versions (the learner admits up to max_staleness, default 2). */
  static final double[] STALENESS_BUCKETS = {0, 1, 2, 3, 4, 6, 8, 16};

  /** Reward buckets: judges score in [0, 1]. */
  static final double[] REWARD_BUCKETS = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0};

  /** Weight-sync latency buckets in seconds. */
  static final double[] SYNC_BUCKETS = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

  private final PrometheusRegistry registry;

  // Pipeline.
  private final Gauge queueDepth;
  private final Gauge tasksInFlight;
  private final Counter groups;
  private final Counter groupsDropped;
  private final Counter groupsRequeued;
  private final Gauge workers;

  // Latency.
  private final Histogram rolloutDuration;
  private final Histogram rewardDuration;
  private final Histogram learnerStepDuration;

  // Policy and learning.
  private final Gauge policyVersion;
  private final Gauge workerPolicyVersion;
  private final Histogram staleness;
  private final Histogram judgeReward;
  private final Gauge rewardMean;
  private final Counter learnerSteps;
  private final Gauge clipFraction;
  private final Gauge kl;
  private final Gauge gradNorm;
  private final Counter nonFiniteGradSteps;
  private long nonFiniteGradStepsSeen;
  private final Gauge learningRate;

  // Weight broadcast.
  private final Histogram weightSyncDuration;
  private final Counter weightSyncBytes;
  private final Counter weightTransfersRejected;
  private final Counter weightVersionsPublished;
  private final Gauge weightSubscribers;

  /**
   * Registers every metric on {@code registry}, and the JVM's (memory, GC, threads, class
   * loading, CPU) unless {@code withJvmMetrics} is false.
   *
   * @throws IllegalStateException if editrl's metrics are already registered there
   */
  public EditrlMetrics(PrometheusRegistry registry, boolean withJvmMetrics) {
    this.registry = registry;
    queueDepth = gauge("editrl_queue_depth",
        "Items waiting in a queue: tasks (coordinator), trajectories (awaiting reward), scored_groups (learner batch buffer).",
        "queue");
    tasksInFlight = gauge("editrl_tasks_in_flight", "Tasks leased to a rollout worker and not yet returned.");
    groups = counter("editrl_groups_total",
        "Groups finished by a worker (rate() gives groups per second per worker).", "role", "worker");
    groupsDropped = counter("editrl_groups_dropped_total",
        "Groups the learner did not train on, by reason (e.g. stale, judge_failed).", "reason");
    groupsRequeued = counter("editrl_groups_requeued_total",
        "Tasks put back in the queue, by reason (e.g. lease_expired, worker_lost, judge_timeout).", "reason");
    workers = gauge("editrl_workers", "Workers currently registered in the cluster, by role.", "role");

    rolloutDuration = seconds("editrl_rollout_duration_seconds",
        "Time to sample one group (G edits of one task), per rollout worker.", LATENCY_BUCKETS);
    rewardDuration = seconds("editrl_reward_duration_seconds",
        "Time to score one group, per judge.", LATENCY_BUCKETS, "judge");
    learnerStepDuration = seconds("editrl_learner_step_duration_seconds",
        "Time of one learner update (all inner epochs of a batch).", LATENCY_BUCKETS);

    policyVersion = gauge("editrl_policy_version", "Newest adapter version published by the learner.");
    workerPolicyVersion = gauge("editrl_worker_policy_version",
        "Adapter version a rollout worker samples with.", "worker");
    staleness = Histogram.builder()
        .name("editrl_group_staleness")
        .help("Learner version minus the policy version a group was sampled with, at admission.")
        .classicOnly()
        .classicUpperBounds(STALENESS_BUCKETS)
        .register(registry);
    judgeReward = Histogram.builder()
        .name("editrl_judge_reward")
        .help("Reward of each edit, per judge (in [0, 1]); _sum/_count give the mean.")
        .labelNames("judge")
        .classicOnly()
        .classicUpperBounds(REWARD_BUCKETS)
        .register(registry);
    rewardMean = gauge("editrl_reward_mean", "Mean aggregated reward of the last training batch.");
    learnerSteps = counter("editrl_learner_steps_total", "Learner updates applied.");
    clipFraction = gauge("editrl_clip_fraction",
        "Fraction of ratios clipped in the last learner step (watch it with small clip ranges).");
    kl = gauge("editrl_kl_divergence", "KL divergence of the policy to the frozen base, last learner step.");
    gradNorm = gauge("editrl_grad_norm", "Global gradient L2 norm before clipping, last learner step.");
    nonFiniteGradSteps = counter("editrl_nonfinite_grad_steps_total",
        "Learner inner steps skipped because the gradient was not finite (no update applied).");
    learningRate = gauge("editrl_learning_rate", "Learning rate of the last learner step.");

    weightSyncDuration = seconds("editrl_weight_sync_duration_seconds",
        "Worker: from a version's announcement to the verified adapter being staged.", SYNC_BUCKETS);
    weightSyncBytes = Counter.builder()
        .name("editrl_weight_sync_bytes_total")
        .help("Adapter payload bytes moved by weight broadcast: sent (learner) or received (worker).")
        .unit(Unit.BYTES)
        .labelNames("direction")
        .register(registry);
    weightTransfersRejected = counter("editrl_weight_transfers_rejected_total",
        "Adapter transfers a worker refused, old version kept, by reason (tensor_hash, payload_hash, malformed, base_mismatch, broken_stream, version_gone, unauthenticated).",
        "reason");
    weightVersionsPublished = counter("editrl_weight_versions_published_total",
        "Adapter versions the learner published.");
    weightSubscribers = gauge("editrl_weight_subscribers", "Open weight subscriptions (learner).");

    if (withJvmMetrics) {
      JvmMetrics.builder().register(registry);
    }
  }

  /** Registers editrl's metrics and the JVM's on {@code registry}. */
  public EditrlMetrics(PrometheusRegistry registry) {
    this(registry, true);
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  // ---- builders: one place for the conventions

  private Gauge gauge(String name, String help, String... labels) {
    return Gauge.builder().name(name).help(help).labelNames(labels).register(registry);
  }

  private Counter counter(String name, String help, String... labels) {
    return Counter.builder().name(name).help(help).labelNames(labels).register(registry);
  }

  private Histogram seconds(String name, String help, double[] buckets, String... labels) {
    return Histogram.builder()
        .name(name)
        .help(help)
        .unit(Unit.SECONDS)
        .labelNames(labels)
        .classicOnly()
        .classicUpperBounds(buckets)
        .register(registry);
  }

  private static double seconds(Duration d) {
    return d.toNanos() / 1e9;
  }

  // ---- pipeline

  /** Sets the depth of a named queue ({@code tasks}, {@code trajectories}, {@code scored_groups}). */
  public void setQueueDepth(String queue, int depth) {
    queueDepth.labelValues(queue).set(depth);
  }

  public void setTasksInFlight(int n) {
    tasksInFlight.set(n);
  }

  /** A worker of {@code role} ({@code rollout}, {@code reward}) finished a group. */
  public void groupDone(String role, String worker) {
    groups.labelValues(role, worker).inc();
  }

  public void groupDropped(String reason) {
    groupsDropped.labelValues(reason).inc();
  }

  public void groupRequeued(String reason) {
    groupsRequeued.labelValues(reason).inc();
  }

  /** Number of registered workers of {@code role} ({@code rollout}, {@code reward}, {@code learner}). */
  public void setWorkers(String role, int n) {
    workers.labelValues(role).set(n);
  }

  // ---- latency

  public void rolloutTook(Duration d) {
    rolloutDuration.observe(seconds(d));
  }

  public void rewardTook(String judge, Duration d) {
    rewardDuration.labelValues(judge).observe(seconds(d));
  }

  public void learnerStepTook(Duration d) {
    learnerStepDuration.observe(seconds(d));
  }

  // ---- policy and learning

  public void setPolicyVersion(long version) {
    policyVersion.set(version);
  }

  public void setWorkerPolicyVersion(String worker, long version) {
    workerPolicyVersion.labelValues(worker).set(version);
  }

  /** A group reached the learner {@code versions} behind its policy (admitted or not). */
  public void observeStaleness(long versions) {
    staleness.observe(versions);
  }

  public void observeReward(String judge, double reward) {
    judgeReward.labelValues(judge).observe(reward);
  }

  /** The statistics of one learner step. */
  public void learnerStep(double meanReward, double clip, double klDivergence, double gradientNorm, double lr) {
    learnerSteps.inc();
    rewardMean.set(meanReward);
    clipFraction.set(clip);
    kl.set(klDivergence);
    gradNorm.set(gradientNorm);
    learningRate.set(lr);
  }

  /**
   * The learner's running count of skipped non-finite inner steps (it counts from the start of
   * the run, or from a resume); the counter moves by what is new since the last report.
   */
  public synchronized void nonFiniteGradSteps(long runningTotal) {
    if (runningTotal > nonFiniteGradStepsSeen) {
      nonFiniteGradSteps.inc(runningTotal - nonFiniteGradStepsSeen);
    }
    nonFiniteGradStepsSeen = runningTotal;
  }

  // ---- weight broadcast (see WeightSyncMetrics for the listener that feeds these)

  void weightVersionPublished(long version) {
    weightVersionsPublished.inc();
    policyVersion.set(version);
  }

  void weightBytes(String direction, long bytes) {
    weightSyncBytes.labelValues(direction).inc(bytes);
  }

  void weightSynced(Duration latency) {
    weightSyncDuration.observe(seconds(latency));
  }

  void weightTransferRejected(String reason) {
    weightTransfersRejected.labelValues(reason).inc();
  }

  void setWeightSubscribers(int n) {
    weightSubscribers.set(n);
  }
}
