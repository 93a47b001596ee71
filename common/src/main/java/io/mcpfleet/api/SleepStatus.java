package io.mcpfleet.api;

import java.time.Instant;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * Why a service sleeps or stays up, in {@code GET /services/{name}/status}.
 *
 * @param verdict    the sleep policy's view in a sentence: {@code "idle for 12 s of 300 s"},
 *                   {@code "busy: 2 calls in flight"}, {@code "replicas.min is 1: kept running"}
 * @param idleForMs  how long it has been idle by the policy's reckoning, or {@code null} when not running or busy
 * @param sleepsInMs how long until it sleeps if it stays idle, or {@code null} when it will not on its own
 * @param inFlight   calls in flight over every router, or {@code null} when no router reports on it
 * @param streams    open streams over every router, or {@code null} likewise
 * @param sessions   bound sessions over every router, or {@code null} likewise
 * @param awakeSince its last start, wake or adoption by this manager (the idle timer's origin), or {@code null}
 * @param lastSleep  the last finished sleep, or {@code null}
 * @param lastWake   the last finished wake, or {@code null}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SleepStatus(String verdict, Long idleForMs, Long sleepsInMs, Integer inFlight, Integer streams,
                          Integer sessions, Instant awakeSince, TransitionView lastSleep, TransitionView lastWake) {

    /**
     * A finished sleep or wake.
     *
     * @param reason    why: {@code idle}, {@code memory: fetch needs 512 MiB}, {@code api}, ...
     * @param mode      {@code stop} or {@code pause}; for a wake also {@code create} (no sleeper was left)
     * @param requested when it was asked for
     * @param tookMs    from the request to the end (every instance asleep; the first instance healthy)
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TransitionView(String reason, String mode, Instant requested, long tookMs) {
    }
}
