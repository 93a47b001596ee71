package io.mcpfleet.router.catalog;

/**
 * A request about one resource ({@code resources/read}, {@code resources/subscribe},
 * {@code resources/unsubscribe}, or a completion of a template's argument), addressed to the
 * service that owns its URI.
 *
 * @param service the owning service
 * @param uri     the URI (or template) as the client sent it, and as the server gets it
 * @param method  the method, also what metrics name it by (URIs are unbounded; a metric tag must not be)
 * @param replay  whether a replay cannot do harm (a read can be replayed; a subscription cannot)
 */
public record ResourceTarget(String service, String uri, String method, boolean replay) implements Routable {

    @Override
    public String exposedName() {
        return uri;
    }

    @Override
    public String nameAtService() {
        return uri;
    }

    @Override
    public String kind() {
        return "resource";
    }

    @Override
    public boolean safeToReplay() {
        return replay;
    }

    @Override
    public String metricName() {
        return method;
    }
}
