package io.mcpfleet.router.catalog;

/**
 * What a relayed request addresses: something one service owns, listed under a name the client
 * uses. Routing (waking, picking, binding, replaying) needs only this, so every relayed primitive
 * takes the same path: tools today ({@code tools/call}); prompts, resources and completions
 * follow with their own catalog entries.
 */
public interface Routable {

    /** The service that owns it. */
    String service();

    /** The name the client uses. */
    String exposedName();

    /** The name at the service: the request's {@code params.name} is rewritten to it when it differs. */
    String nameAtService();

    /** What it is, for messages ("tool"). */
    String kind();

    /** Whether the owner says a replay cannot do harm (read-only or idempotent). */
    boolean safeToReplay();
}
