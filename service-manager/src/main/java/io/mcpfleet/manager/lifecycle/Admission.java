package io.mcpfleet.manager.lifecycle;

import java.util.Objects;

/**
 * A {@link CapacityGate}'s answer.
 *
 * @param verdict whether to go ahead, wait for room being made, or give up
 * @param detail  for {@code WAIT} and {@code DENIED}: a sentence for the service's status and the caller's error
 * @param release for {@code GRANTED}: ends the reservation; the worker calls it once the new instance is
 *                part of the service's published snapshot (or its start failed)
 */
public record Admission(Verdict verdict, String detail, Runnable release) {

    public enum Verdict { GRANTED, WAIT, DENIED }

    public Admission {
        Objects.requireNonNull(verdict, "verdict");
        release = release == null ? () -> { } : release;
    }

    public static Admission granted(Runnable release) {
        return new Admission(Verdict.GRANTED, null, release);
    }

    /** Room is being made (other services drain to sleep): ask again shortly. */
    public static Admission waitFor(String detail) {
        return new Admission(Verdict.WAIT, detail, null);
    }

    public static Admission denied(String detail) {
        return new Admission(Verdict.DENIED, detail, null);
    }
}
