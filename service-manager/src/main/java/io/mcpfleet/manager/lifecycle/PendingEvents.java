package io.mcpfleet.manager.lifecycle;

import java.util.ArrayList;
import java.util.List;

/**
 * The events of a service collected while its worker changes it; the {@link SnapshotPublisher}
 * tells them once the snapshot they led to is out. Worker thread only.
 */
final class PendingEvents {

    record Event(String type, String instanceId, String reason, String message) {
    }

    private final List<Event> pending = new ArrayList<>();

    void emit(String type, String instanceId, String reason, String message) {
        pending.add(new Event(type, instanceId, reason, message));
    }

    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** The events so far, in order; forgets them. */
    List<Event> drain() {
        List<Event> events = List.copyOf(pending);
        pending.clear();
        return events;
    }
}
