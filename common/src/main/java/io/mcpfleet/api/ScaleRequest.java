package io.mcpfleet.api;

/** The optional body of {@code POST /services/{name}/scale}: {@code {"replicas": N}}. */
public record ScaleRequest(Integer replicas) {
}
