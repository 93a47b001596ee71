package io.mcpfleet.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The manager's own probe result for an instance. */
public enum HealthStatus {
    HEALTHY, UNHEALTHY, UNKNOWN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
