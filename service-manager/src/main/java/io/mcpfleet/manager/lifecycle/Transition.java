package io.mcpfleet.manager.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * A sleep or a wake of a whole service, from the request to its end.
 *
 * @param reason    why, as the caller said it: {@code idle}, {@code memory: fetch needs 512 MiB}, {@code api}
 * @param mode      how: {@code stop} or {@code pause} for a sleep; {@code pause}, {@code stop} or
 *                  {@code create} (no sleeper was left to wake) for a wake; {@code null} until known
 * @param requested when it was asked for
 * @param completed when it ended: every instance asleep, or the first instance healthy again;
 *                  {@code null} while in progress
 */
public record Transition(String reason, String mode, Instant requested, Instant completed) {

    static Transition begin(String reason, String mode, Instant now) {
        return new Transition(reason, mode, now, null);
    }

    Transition withMode(String m) {
        return new Transition(reason, m, requested, completed);
    }

    Transition completedAt(Instant now) {
        return new Transition(reason, mode, requested, now);
    }

    /** From the request to the end ({@code null} while in progress). */
    public Duration took() {
        return completed == null ? null : Duration.between(requested, completed);
    }

    /**
     * The reason's kind, for metric labels: the words before the first colon
     * ({@code "memory: fetch needs 512 MiB"} is {@code memory}), so the label set stays small.
     */
    public String kind() {
        if (reason == null || reason.isBlank()) {
            return "unknown";
        }
        int colon = reason.indexOf(':');
        return (colon < 0 ? reason : reason.substring(0, colon)).strip().toLowerCase(Locale.ROOT);
    }
}
