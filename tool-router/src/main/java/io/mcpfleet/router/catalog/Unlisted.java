package io.mcpfleet.router.catalog;

/**
 * A tool, prompt or resource the catalog does not list, sent to the one service of a fleet of one
 * ({@link Catalog#soleService()}) under the name the client used: the server answers for it.
 *
 * @param service the fleet's only service
 * @param name    the name or URI as the client sent it
 * @param kind    "tool", "prompt" or "resource"
 * @param metric  what metrics call it (bounded: the method, never the client's text)
 */
public record Unlisted(String service, String name, String kind, String metric) implements Routable {

    @Override
    public String exposedName() {
        return name;
    }

    @Override
    public String nameAtService() {
        return name;
    }

    /** Nothing says what it does: not replayed. */
    @Override
    public boolean safeToReplay() {
        return false;
    }

    @Override
    public String metricName() {
        return metric;
    }
}
