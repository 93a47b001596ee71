package io.mcpfleet.router.catalog;

import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.discovery.DirectoryException;
import io.mcpfleet.router.discovery.FleetDirectory;
import io.mcpfleet.router.discovery.FleetListener;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.InstanceRef;
import io.mcpfleet.router.discovery.ServiceView;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.MalformedJsonException;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.BackendStream;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.router.upstream.UpstreamException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Learns each service's tools from a running instance ({@code initialize} + {@code tools/list}),
 * keeps that session open with its GET stream to hear {@code notifications/tools/list_changed},
 * and starts a service whose tools are unknown once, in the background, to learn them.
 */
@Component
public class CatalogLearner implements FleetListener {

    private static final Logger log = LoggerFactory.getLogger(CatalogLearner.class);
    private static final int MAX_PAGES = 100;
    private static final Duration REFRESH_AFTER_WAKE = Duration.ofSeconds(2);

    private final UpstreamClient upstream;
    private final Catalog catalog;
    private final FleetView fleet;
    private final FleetDirectory directory;
    private final Executor background;
    private final ScheduledExecutorService scheduler;
    private final EnvelopeScanner scanner;
    private final JsonMapper json;
    private final Duration timeout;
    private final boolean learnUnknown;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final Set<String> pending = ConcurrentHashMap.newKeySet();
    private final Set<String> startedToLearn = ConcurrentHashMap.newKeySet();

    /** The learning session of a service, kept to hear its tool list change. */
    private record Watch(BackendSession session, BackendStream stream) {
    }

    CatalogLearner(UpstreamClient upstream, Catalog catalog, FleetView fleet, FleetDirectory directory,
                   Executor routerBackground, ScheduledExecutorService routerScheduler, EnvelopeScanner scanner,
                   JsonMapper json, RouterProperties properties) {
        this.upstream = upstream;
        this.catalog = catalog;
        this.fleet = fleet;
        this.directory = directory;
        this.background = routerBackground;
        this.scheduler = routerScheduler;
        this.scanner = scanner;
        this.json = json;
        this.timeout = properties.backend().setupTimeout();
        this.learnUnknown = properties.discovery().learnUnknownTools();
        fleet.addListener(this);
    }

    @Override
    public void serviceChanged(ServiceView before, ServiceView after) {
        Watch watch = watches.get(after.name());
        boolean watchedStillThere = watch != null && after.instances().stream()
                .anyMatch(i -> i.id().equals(watch.session().instance().id()));
        if (!watchedStillThere) {
            closeWatch(after.name());
            if (!after.instances().isEmpty()) {
                if (catalog.knowsToolsOf(after)) {
                    // Most likely woken by calls: a freshly started server answers its first
                    // requests slowly, and the held calls are what a user waits for. The
                    // catalog only needs refreshing, so it waits its turn.
                    scheduler.schedule(() -> relearn(after.name()), REFRESH_AFTER_WAKE.toMillis(),
                            TimeUnit.MILLISECONDS);
                } else {
                    relearn(after.name());
                }
            }
        }
        if (learnUnknown && fleet.synced() && after.instances().isEmpty() && !catalog.knowsToolsOf(after)
                && startedToLearn.add(after.name())) {
            background.execute(() -> startToLearn(after.name()));
        }
    }

    @Override
    public void serviceRemoved(ServiceView last) {
        closeWatch(last.name());
    }

    /** The instance the service's learning session is open on, or {@code null} (for tests and diagnostics). */
    String watching(String service) {
        Watch watch = watches.get(service);
        return watch == null || watch.session().closed() ? null : watch.session().instance().id();
    }

    /** The service said its tools changed (seen on a relayed stream or its watch): list them again. */
    public void relearn(String service) {
        if (pending.add(service)) {
            background.execute(() -> {
                pending.remove(service);
                learn(service);
            });
        }
    }

    private void startToLearn(String service) {
        try {
            log.info("service {} has no known tools; starting it once to learn them", service);
            directory.start(service);
        } catch (DirectoryException e) {
            log.warn("cannot start service {} to learn its tools: {}", service, e.getMessage());
            startedToLearn.remove(service);
        }
    }

    private synchronized void learn(String service) {
        ServiceView view = fleet.service(service);
        if (view == null || view.instances().isEmpty()) {
            return;
        }
        Watch watch = watches.get(service);
        try {
            if (watch == null || watch.session().closed()) {
                InstanceRef instance = view.instances().get(0);
                BackendSession session = upstream.open(service, instance, RouterAsClient.INIT, timeout);
                watch = new Watch(session, upstream.listen(session, new Sink()));
                Watch previous = watches.put(service, watch);
                if (previous != null) {
                    close(previous);
                }
            }
            catalog.learned(service, listTools(watch.session()));
        } catch (UpstreamException | IllegalStateException e) {
            log.warn("cannot learn the tools of service {}: {}", service, e.getMessage());
            closeWatch(service);
        }
    }

    private List<JsonNode> listTools(BackendSession session) {
        List<JsonNode> tools = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            byte[] response = upstream.request(session, "tools/list",
                    cursor == null ? null : json.createObjectNode().put("cursor", cursor), timeout);
            JsonNode node = json.readTree(response);
            if (node.has("error")) {
                throw new IllegalStateException("tools/list answered " + node.get("error"));
            }
            node.path("result").path("tools").forEach(tools::add);
            cursor = node.path("result").path("nextCursor").asString(null);
            if (cursor == null) {
                break;
            }
        }
        return tools;
    }

    private void closeWatch(String service) {
        Watch watch = watches.remove(service);
        if (watch != null) {
            close(watch);
        }
    }

    private void close(Watch watch) {
        watch.stream().close();
        upstream.close(watch.session());
    }

    /** Handles messages on a watch session's GET stream. */
    private final class Sink implements BackendStream.Sink {
        @Override
        public void message(BackendSession session, byte[] message) {
            try {
                Envelope e = scanner.scan(message);
                if ("notifications/tools/list_changed".equals(e.method())) {
                    relearn(session.service());
                } else {
                    RouterAsClient.answer(upstream, session, e);
                }
            } catch (MalformedJsonException e) {
                log.debug("ignoring garbage on the GET stream of {}", session);
            }
        }

        @Override
        public void ended(BackendSession session, boolean refused) {
            Watch watch = watches.get(session.service());
            if (refused || watch == null || watch.session() != session) {
                return;
            }
            // The stream dropped while the session may still be good: listen again shortly, or
            // relearn from scratch if the instance went away meanwhile.
            scheduler.schedule(() -> {
                Watch current = watches.get(session.service());
                if (current != null && current.session() == session && !session.closed()) {
                    watches.remove(session.service(), current);
                    close(current);
                    relearn(session.service());
                }
            }, 1, TimeUnit.SECONDS);
        }
    }
}
