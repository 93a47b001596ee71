package io.mcpfleet.router.modern;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which instance issued each {@code requestState} of an {@code input_required} result that went
 * through this router, so that the client's retry goes back to it (another instance, or another
 * service, has not the state it stands for) while the result itself reaches the client unchanged.
 * Kept for {@link #TTL} and at most {@link #MAX} at a time: past them a retry is routed like any
 * call, and the server judges its own state. Thread-safe.
 */
public final class InputPins {

    /** How long a client may take to answer: a person answering an elicitation, say. */
    static final Duration TTL = Duration.ofMinutes(30);
    static final int MAX = 100_000;

    /** Where a requestState was issued. */
    public record Pin(String service, String instanceId, long expiresMillis) {
    }

    private final Map<String, Pin> pins = new ConcurrentHashMap<>();
    private final Clock clock;

    public InputPins(Clock clock) {
        this.clock = clock;
    }

    public void record(String requestState, String service, String instanceId) {
        long now = clock.millis();
        if (pins.size() >= MAX) {
            pins.values().removeIf(p -> p.expiresMillis() <= now);
            if (pins.size() >= MAX) {
                return;
            }
        }
        pins.put(requestState, new Pin(service, instanceId, now + TTL.toMillis()));
    }

    /** The pin of a requestState, or {@code null} (unknown here, or expired). */
    public Pin find(String requestState) {
        Pin pin = pins.get(requestState);
        if (pin == null) {
            return null;
        }
        if (pin.expiresMillis() <= clock.millis()) {
            pins.remove(requestState, pin);
            return null;
        }
        return pin;
    }
}
