package io.mcpfleet.router.resilience;

import io.mcpfleet.config.RetryPolicy;
import io.mcpfleet.router.catalog.Routable;

/** Whether a failed call may be sent again to another instance. */
public final class ReplayPolicy {

    private ReplayPolicy() {
    }

    /**
     * A call is replayed only when nothing of it reached the client yet, and either the service
     * says every tool is safe ({@code retry: always}) or the target (a tool) is annotated
     * read-only or idempotent ({@code retry: auto}); never with {@code retry: never}.
     */
    public static boolean mayReplay(RetryPolicy policy, Routable target, boolean streamedToClient) {
        if (streamedToClient) {
            return false;
        }
        return switch (policy) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> target.safeToReplay();
        };
    }
}
