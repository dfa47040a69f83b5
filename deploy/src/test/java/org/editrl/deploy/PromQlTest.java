package org.editrl.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The metric-name reader the rule and dashboard checks rely on, and the metric catalogue. */
class PromQlTest {
  @Test
  void findsTheSelectedMetricsAndNothingElse() {
    assertThat(PromQl.metricNames(
        "histogram_quantile(0.95, sum by (le, judge) (rate(editrl_reward_duration_seconds_bucket{judge=\"vlm\"}[$__rate_interval])))"))
        .containsExactly("editrl_reward_duration_seconds_bucket");
    assertThat(PromQl.metricNames(
        "sum(rate(a_total{reason=\"stale\"}[5m])) / sum(rate(b_total[5m] offset 1h)) > 0.5 * 1e3"))
        .containsExactly("a_total", "b_total");
    assertThat(PromQl.metricNames("count((x != x) or (x == +Inf)) > 0 and on() group_left up"))
        .containsExactly("x", "up");
    assertThat(PromQl.metricNames("editrl_policy_version - on() group_right editrl_worker_policy_version"))
        .containsExactly("editrl_policy_version", "editrl_worker_policy_version");
    assertThat(PromQl.metricNames("editrl:groups_per_second:rate1m{role=\"rollout\"}"))
        .containsExactly("editrl:groups_per_second:rate1m");
    assertThat(PromQl.metricNames("max without (instance) (rate(y_total[${interval}]))"))
        .containsExactly("y_total");
  }

  @Test
  void catalogueHasEditrlsDocumentedFamiliesAndTheRealJvmNames() {
    MetricCatalog catalog = MetricCatalog.load();
    assertThat(catalog.documented())
        .containsEntry("editrl_groups_total", "counter")
        .containsEntry("editrl_group_staleness", "histogram")
        .containsEntry("editrl_policy_version", "gauge");
    assertThat(catalog.documented().keySet()).allMatch(n -> n.startsWith("editrl_"));
    // docs/metrics.md names these as examples of the JVM metrics every node exports.
    assertThat(catalog.families()).containsKeys("jvm_memory_used_bytes", "jvm_threads_current");
    assertThat(catalog.seriesNames())
        .contains("editrl_group_staleness_bucket", "editrl_judge_reward_sum", "editrl_groups_total")
        .doesNotContain("editrl_group_staleness", "editrl_groups_total_bucket", "editrl_policy_version_sum");
    assertThat(catalog.familyOf("editrl_rollout_duration_seconds_count")).isEqualTo("editrl_rollout_duration_seconds");
    assertThat(catalog.familyOf("editrl_policy_version_count")).isNull();
    assertThat(catalog.familyOf("editrl_no_such_metric")).isNull();
  }
}
