package io.mcpfleet.router.mcp;

import io.mcpfleet.config.SessionMode;
import io.mcpfleet.router.catalog.Catalog;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.ServiceView;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.InitParams;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.router.upstream.UpstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Subscribes a listen stream's {@code resourceSubscriptions} at the services that own the URIs
 * (the catalog's owner, as {@code resources/read} routes), one {@link ResourceFeed} per service.
 * Honoured are the URIs of services that run now (a listen wakes no one) and can carry updates to
 * one client: 2026-07-28 servers, and 2025 servers in {@code stateful} mode (a {@code stateless}
 * service's sessions are not the client's, as on the 2025 path). The backend sessions are opened
 * with the listen request's client capabilities and clientInfo.
 */
@Component
class ResourceFeeds {

    private static final Logger log = LoggerFactory.getLogger(ResourceFeeds.class);

    private final UpstreamClient upstream;
    private final Catalog catalog;
    private final FleetView fleet;
    private final EnvelopeScanner scanner;
    private final JsonMapper json;
    private final Duration timeout;

    ResourceFeeds(UpstreamClient upstream, Catalog catalog, FleetView fleet, EnvelopeScanner scanner, JsonMapper json,
                  RouterProperties properties) {
        this.upstream = upstream;
        this.catalog = catalog;
        this.fleet = fleet;
        this.scanner = scanner;
        this.json = json;
        this.timeout = properties.backend().setupTimeout();
    }

    /** The feeds of one listen stream and the URIs they honour; closing ends every backend subscription. */
    record Feeds(List<String> honoured, List<ResourceFeed> feeds) implements AutoCloseable {

        static final Feeds NONE = new Feeds(List.of(), List.of());

        Feeds {
            honoured = List.copyOf(honoured);
            feeds = List.copyOf(feeds);
        }

        @Override
        public void close() {
            feeds.forEach(ResourceFeed::close);
        }
    }

    /**
     * Subscribes to {@code uris} for one listen stream.
     *
     * @param updated told the URI of each update
     * @param lost    told when a service's feed ended (its instance went away): the stream is no longer whole
     */
    Feeds open(List<String> uris, InitParams client, Consumer<String> updated, Runnable lost) {
        if (uris.isEmpty()) {
            return Feeds.NONE;
        }
        Map<String, List<String>> byService = new LinkedHashMap<>();
        String sole = catalog.soleService();
        for (String uri : uris) {
            String owner = catalog.primitives().ownerOf(uri);
            owner = owner == null ? sole : owner;
            if (owner != null) {
                byService.computeIfAbsent(owner, s -> new ArrayList<>()).add(uri);
            }
        }
        List<ResourceFeed> feeds = new ArrayList<>();
        List<String> honoured = new ArrayList<>();
        byService.forEach((service, owned) -> {
            ResourceFeed feed = feed(service, owned, client, updated, lost);
            if (feed != null && !feed.honoured().isEmpty()) {
                feeds.add(feed);
                owned.stream().filter(feed.honoured()::contains).forEach(honoured::add);
            }
        });
        return new Feeds(honoured, feeds);
    }

    private ResourceFeed feed(String service, List<String> uris, InitParams client, Consumer<String> updated,
                              Runnable lost) {
        ServiceView view = fleet.service(service);
        if (view == null || view.instances().isEmpty()) {
            log.debug("not subscribing to {} of service {} for a listen stream: no instance runs", uris, service);
            return null;
        }
        BackendSession session;
        try {
            session = upstream.open(service, view.instances().get(0), client, timeout);
        } catch (UpstreamException e) {
            log.info("cannot subscribe to resources of service {} for a listen stream: {}", service, e.getMessage());
            return null;
        }
        if (!session.modern() && view.routing().sessions() != SessionMode.STATEFUL) {
            upstream.close(session);
            log.debug("not subscribing to {} of service {}: stateless 2025 service", uris, service);
            return null;
        }
        return ResourceFeed.open(upstream, session, uris, timeout, scanner, json, updated, lost);
    }
}
