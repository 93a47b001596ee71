package io.mcpfleet.manager.health;

/**
 * The outcome of one probe.
 *
 * @param healthy whether the instance passed
 * @param seconds how long it took to answer, or {@code null} without an answer
 * @param detail  why it failed (status, error), or {@code null}
 */
public record ProbeResult(boolean healthy, Double seconds, String detail) {

    static ProbeResult failed(String detail) {
        return new ProbeResult(false, null, detail);
    }
}
