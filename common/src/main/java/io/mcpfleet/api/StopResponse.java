package io.mcpfleet.api;

/** {@code POST /services/{name}/stop}: {@code {"status":"stopped"}}. */
public record StopResponse(String status) {
}
