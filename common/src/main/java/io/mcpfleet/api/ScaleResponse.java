package io.mcpfleet.api;

/** {@code POST /services/{name}/scale}: {@code {"status":"scaled","replicas":N}}. */
public record ScaleResponse(String status, int replicas) {
}
