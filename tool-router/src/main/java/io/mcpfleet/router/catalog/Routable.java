package io.mcpfleet.router.catalog;

/**
 * What a relayed request addresses: something one service owns, listed under a name the client
 * uses. Routing (waking, picking, binding, replaying) needs only this, so every relayed primitive
 * takes the same path: tools ({@code tools/call}), prompts ({@code prompts/get}), resources
 * ({@code resources/read}, subscriptions) and completions.
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

    /** What metrics call it: a bounded name (a tool's or a prompt's, a method's for resources). */
    default String metricName() {
        return nameAtService();
    }
}
