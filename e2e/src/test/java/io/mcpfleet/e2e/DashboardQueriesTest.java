package io.mcpfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Metric names are read out of PromQL: not functions, grouping labels, matchers or keywords. */
class DashboardQueriesTest {

    @Test
    void namesAreTheSelectorsOfAnExpressionAndNothingElse() {
        String expr = "sum by (service) (rate(fleet_router_calls_total{outcome!~\"ok|tool_error\",service=~\"$service\"}"
                + "[$__rate_interval])) / sum by (le, service) (rate(fleet_wake_seconds_bucket[5m])) * 60"
                + " or vector(0) and on (service) max(fleet_services) unless min(fleet_engine_reachable offset 1m)";

        assertThat(DashboardQueries.metricNames(expr)).containsExactly("fleet_engine_reachable",
                "fleet_router_calls_total", "fleet_services", "fleet_wake_seconds_bucket");
    }

    @Test
    void aLabelValuesVariableNamesItsMetric() {
        assertThat(DashboardQueries.metricNames("label_values(fleet_instances, service)"))
                .containsExactly("fleet_instances");
    }

    @Test
    void theDashboardHasQueriesAndEachNamesAMetric() {
        assertThat(DashboardQueries.queries()).hasSizeGreaterThan(10)
                .allSatisfy(q -> assertThat(DashboardQueries.metricNames(q)).as(q).isNotEmpty());
    }
}
