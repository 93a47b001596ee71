package io.mcpfleet.api;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The state of one container of a service. */
public enum InstanceState {
    CREATED, STARTING, RUNNING, DRAINING, PAUSED, STOPPING, EXITED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
