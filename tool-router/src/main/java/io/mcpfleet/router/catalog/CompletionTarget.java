package io.mcpfleet.router.catalog;

/**
 * A {@code completion/complete} addressed to the service that owns its reference: a prompt (whose
 * name the request carries as the client knows it) or a resource template.
 *
 * @param service     the owning service
 * @param exposedName the reference as the client named it (prompt name or template)
 * @param nameAtService the reference as the server knows it
 */
public record CompletionTarget(String service, String exposedName, String nameAtService) implements Routable {

    @Override
    public String kind() {
        return "completion";
    }

    /** A completion only suggests values: a replay cannot do harm. */
    @Override
    public boolean safeToReplay() {
        return true;
    }

    @Override
    public String metricName() {
        return "completion/complete";
    }
}
