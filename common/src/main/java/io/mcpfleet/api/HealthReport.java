package io.mcpfleet.api;

import java.util.List;

/** {@code GET /services/{name}/health} (and one element of {@code GET /services/health}). */
public record HealthReport(String service, List<InstanceHealth> instances) {
}
