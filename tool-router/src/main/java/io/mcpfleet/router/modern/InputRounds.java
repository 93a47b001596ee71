package io.mcpfleet.router.modern;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code input_required} rounds this router has open for modern clients of 2025 servers: each
 * {@code requestState} it issued, the held call it resumes, and until when. A state is random (128
 * bits behind {@link #PREFIX}) and known only to this router, taken once, and refused after its
 * timeout; at most {@code max} rounds are open at a time (each holds a backend call open).
 * Thread-safe.
 */
public final class InputRounds {

    /** Marks a requestState this router issued (a modern server's own states never start with it). */
    public static final String PREFIX = "mcpfleet-input.";

    /**
     * An open round.
     *
     * @param retry         where the client's retry goes: the held call's thread waits on it
     * @param method        the request the state was issued for (the retry must be the same request)
     * @param name          its {@code params.name} or {@code params.uri}, or {@code null}
     * @param expiresMillis when the round is given up
     */
    public record Round(CompletableFuture<HeldCall.Retry> retry, String method, String name, long expiresMillis) {
    }

    private final Map<String, Round> rounds = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Clock clock;
    private final Duration timeout;
    private final int max;

    public InputRounds(Clock clock, Duration timeout, int max) {
        this.clock = clock;
        this.timeout = timeout;
        this.max = max;
    }

    /** How long a client has to retry. */
    public Duration timeout() {
        return timeout;
    }

    /** Whether a requestState is one of this router's (issued here or by another router of the fleet). */
    public static boolean issuedByARouter(String requestState) {
        return requestState != null && requestState.startsWith(PREFIX);
    }

    /** Opens a round and returns its requestState, or {@code null} when {@code max} rounds are open. */
    String open(CompletableFuture<HeldCall.Retry> retry, String method, String name) {
        long now = clock.millis();
        if (rounds.size() >= max) {
            rounds.values().removeIf(r -> r.expiresMillis() <= now);
            if (rounds.size() >= max) {
                return null;
            }
        }
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        String state = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bits);
        rounds.put(state, new Round(retry, method, name, now + timeout.toMillis()));
        return state;
    }

    /** The open round of a requestState, or {@code null}: unknown here, taken already, or expired. */
    public Round find(String requestState) {
        Round round = rounds.get(requestState);
        if (round == null) {
            return null;
        }
        if (round.expiresMillis() <= clock.millis()) {
            rounds.remove(requestState, round);
            return null;
        }
        return round;
    }

    /** Takes a round found open (once): false when another retry took it first. */
    public boolean take(String requestState, Round round) {
        return rounds.remove(requestState, round);
    }

    /** Forgets a round its call gave up. */
    void close(String requestState) {
        rounds.remove(requestState);
    }

    /** How many rounds are open (the {@code fleet.router.input.pending} gauge). */
    public int pending() {
        return rounds.size();
    }
}
