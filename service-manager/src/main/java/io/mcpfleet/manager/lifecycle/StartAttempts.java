package io.mcpfleet.manager.lifecycle;

import io.mcpfleet.api.FleetEventType;
import java.time.Instant;

/**
 * How a service's starts go: the back-off after failed starts, the last error, and the capacity
 * gate's answers (making room, or a refusal the waiting callers are still to hear).
 */
final class StartAttempts {

    private final PendingEvents events;
    private StartBackoff backoff = StartBackoff.NONE;
    private String lastError;
    /** The capacity gate is making room (other services drain to sleep): ask it again soon. */
    private boolean waitingForRoom;
    /** Why the capacity gate refused a start just now: the waiting callers are told once it is published. */
    private String refusal;
    private Instant refusedAt;

    StartAttempts(PendingEvents events) {
        this.events = events;
    }

    /** A start failed; the back-off now in force. */
    StartBackoff failed(String message, boolean permanent, Instant now) {
        backoff = backoff.failed(now, permanent);
        lastError = message;
        events.emit(FleetEventType.SERVICE_STATE, null, "start-failed", message);
        return backoff;
    }

    /** An instance became healthy: the failures are over. */
    void succeeded() {
        backoff = backoff.succeeded();
        lastError = null;
    }

    /** Forgets earlier failures: the next start is a first attempt. */
    void afresh() {
        backoff = StartBackoff.NONE;
    }

    /** Starting was given up (a failed learning start): no back-off in force, the reason stays. */
    void gaveUp(String why) {
        backoff = StartBackoff.NONE;
        lastError = why;
    }

    /** A new wish deserves a fresh attempt, not the back-off of the old one. */
    void renew() {
        backoff = backoff.renewed();
    }

    /** The engine did not answer. */
    void engineFailed(String message) {
        lastError = message;
    }

    void waitForRoom(String detail) {
        lastError = detail;
        waitingForRoom = true;
    }

    void stopWaitingForRoom() {
        waitingForRoom = false;
    }

    void refused(String detail, Instant now) {
        lastError = detail;
        events.emit(FleetEventType.SERVICE_STATE, null, "start-failed", detail);
        refusal = detail;
        refusedAt = now;
    }

    /** The refusal not yet told to the waiting callers, once. */
    String takeRefusal() {
        String r = refusal;
        refusal = null;
        return r;
    }

    StartBackoff backoff() {
        return backoff;
    }

    String lastError() {
        return lastError;
    }

    boolean waitingForRoom() {
        return waitingForRoom;
    }

    Instant refusedAt() {
        return refusedAt;
    }
}
