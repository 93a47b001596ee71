package io.mcpfleet.e2e;

import io.mcpfleet.testsupport.TestPaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The PromQL of the Grafana dashboard ({@code deploy/grafana/dashboards/mcp-fleet.json}): every
 * panel's {@code expr} and every template variable's {@code label_values(...)} query, and the
 * metric names they read.
 */
final class DashboardQueries {

    static final Path DASHBOARD = TestPaths.repoRoot().resolve("deploy/grafana/dashboards/mcp-fleet.json");

    /** Grouping clauses, whose parentheses hold label names, not metrics. */
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    /** Label matchers, range and subquery selectors, and strings: no metric names inside. */
    private static final Pattern NOT_NAMES = Pattern.compile("\\{[^}]*}|\\[[^]]*]|\"(?:[^\"\\\\]|\\\\.)*\"");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w:.$])[a-zA-Z_:][a-zA-Z0-9_:]*(?=\\s*(\\()?)");
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");
    /** {@code label_values(metric, label)}: the one function whose first argument names a metric. */
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

    private DashboardQueries() {
    }

    /** Every query the dashboard runs against Prometheus, in file order. */
    static List<String> queries() {
        JsonNode dashboard;
        try {
            dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DASHBOARD, e);
        }
        List<String> out = new ArrayList<>();
        collect(dashboard, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            node.properties().forEach(field -> {
                JsonNode value = field.getValue();
                boolean query = field.getKey().equals("expr")
                        || field.getKey().equals("query") && value.isString() && value.asString().contains("(");
                if (query && value.isString()) {
                    out.add(value.asString());
                } else {
                    collect(value, out);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, out));
        }
    }

    /** The metric names one query reads (as the exposition names its samples: {@code _bucket} and all). */
    static Set<String> metricNames(String promql) {
        Set<String> names = new TreeSet<>();
        Matcher labelValues = LABEL_VALUES.matcher(promql);
        if (labelValues.find()) {
            names.add(labelValues.group(1));
            return names;
        }
        String bare = NOT_NAMES.matcher(GROUPING.matcher(promql).replaceAll(" ")).replaceAll(" ");
        Matcher m = IDENTIFIER.matcher(bare);
        while (m.find()) {
            boolean function = m.group(1) != null;
            String word = m.group();
            if (!function && !KEYWORDS.contains(word)) {
                names.add(word);
            }
        }
        return names;
    }

    /** The metric names of every query of the dashboard. */
    static Set<String> metricNames() {
        Set<String> names = new TreeSet<>();
        queries().forEach(q -> names.addAll(metricNames(q)));
        return names;
    }
}
