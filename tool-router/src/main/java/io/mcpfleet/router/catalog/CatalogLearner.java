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
import java.time.Clock;
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
 * Learns what each service offers from a running instance ({@code initialize}, then
 * {@code tools/list}, {@code prompts/list}, {@code resources/list} and
 * {@code resources/templates/list}), keeps that session open with its GET stream (a 2026-07-28
 * server: its {@code subscriptions/listen} stream) to hear the {@code notifications/.../list_changed} of each,
 * and starts a service whose tools are unknown, in the background, to learn them: once, and again
 * with back-off ({@link LearningStarts}) while that teaches it nothing.
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
    private final LearningStarts learningStarts;
    private final Clock clock;

    /** The learning session of a service, kept to hear its tool list change. */
    private record Watch(BackendSession session, BackendStream stream) {
    }

    CatalogLearner(UpstreamClient upstream, Catalog catalog, FleetView fleet, FleetDirectory directory,
                   Executor routerBackground, ScheduledExecutorService routerScheduler, EnvelopeScanner scanner,
                   JsonMapper json, RouterProperties properties, Clock clock) {
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
        this.clock = clock;
        this.learningStarts = new LearningStarts(clock);
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
        maybeStartToLearn(after);
    }

    /** Starts a sleeping or stopped service whose tools are unknown, when its next attempt is due. */
    private void maybeStartToLearn(ServiceView notified) {
        // The view as it is now, not as notified: listeners run after the view changed, so a
        // notification may arrive late, carrying a view an event made before the first sync (no
        // declared tools yet), after the sync has replaced it. Judged on that, a service whose
        // tools are declared was started just to learn them.
        ServiceView view = fleet.service(notified.name());
        if (view == null || !learnUnknown || !fleet.synced() || !view.instances().isEmpty()) {
            return;
        }
        if (catalog.knowsToolsOf(view)) {
            learningStarts.learned(view.name());
            return;
        }
        learningStarts.begin(view.name()).ifPresent(attempt -> {
            background.execute(() -> startToLearn(view.name(), attempt));
            // A service whose learning start failed sleeps on, and nothing about it may change:
            // look again when the next attempt is due.
            long due = Duration.between(clock.instant(), attempt.notBefore()).toMillis() + 1;
            scheduler.schedule(() -> {
                ServiceView now = fleet.service(view.name());
                if (now != null) {
                    maybeStartToLearn(now);
                }
            }, due, TimeUnit.MILLISECONDS);
        });
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

    private void startToLearn(String service, LearningStarts.Attempts attempt) {
        Duration next = Duration.between(clock.instant(), attempt.notBefore());
        try {
            directory.startToLearn(service);
            log.info("service {} has no known tools; started it to learn them (attempt {}; if that fails, "
                    + "the next in {} min)", service, attempt.count(), next.toMinutes());
        } catch (DirectoryException e) {
            log.warn("service {} has no known tools, and starting it to learn them failed (attempt {}; the next in "
                    + "{} min): {}", service, attempt.count(), next.toMinutes(), e.getMessage());
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
                watch = new Watch(session, follow(session));
                Watch previous = watches.put(service, watch);
                if (previous != null) {
                    close(previous);
                }
            }
            BackendSession session = watch.session();
            catalog.learned(service, new Listing(list(session, "tools/list", "tools"),
                    optional(session, "prompts", "prompts/list", "prompts"),
                    optional(session, "resources", "resources/list", "resources"),
                    optional(session, "resources", "resources/templates/list", "resourceTemplates")));
        } catch (UpstreamException | IllegalStateException e) {
            log.warn("cannot learn the tools of service {}: {}", service, e.getMessage());
            closeWatch(service);
        }
    }

    /**
     * Where the server says its lists changed: a 2025 session's GET stream, a 2026-07-28 server's
     * own {@code subscriptions/listen} (asking for every list it has).
     */
    private BackendStream follow(BackendSession session) {
        if (!session.modern()) {
            return upstream.listen(session, new Sink());
        }
        tools.jackson.databind.node.ObjectNode filter = json.createObjectNode();
        filter.put("toolsListChanged", true).put("promptsListChanged", true).put("resourcesListChanged", true);
        return upstream.subscribe(session, filter, new Sink());
    }

    /**
     * A list a server need not have (prompts, resources, templates): any failure to list it (an
     * error answer, garbage, a timeout) reads as none, so that it never costs the service its tools.
     */
    private List<JsonNode> optional(BackendSession session, String capability, String method, String member) {
        if (!session.mayOffer(capability)) {
            return List.of();
        }
        try {
            return list(session, method, member);
        } catch (RuntimeException e) {
            log.debug("service {} lists no {} ({} failed: {})", session.service(), member, method, e.getMessage());
            return List.of();
        }
    }

    /** Every page of one list. */
    private List<JsonNode> list(BackendSession session, String method, String member) {
        List<JsonNode> elements = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            byte[] response = upstream.request(session, method,
                    cursor == null ? null : json.createObjectNode().put("cursor", cursor), timeout);
            JsonNode node = json.readTree(response);
            if (node.has("error")) {
                throw new IllegalStateException(method + " answered " + node.get("error"));
            }
            node.path("result").path(member).forEach(elements::add);
            cursor = node.path("result").path("nextCursor").asString(null);
            if (cursor == null) {
                break;
            }
        }
        return elements;
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

    /** Handles messages on a watch session's GET stream or listen stream. */
    private final class Sink implements BackendStream.Sink {
        @Override
        public void message(BackendSession session, byte[] message) {
            try {
                Envelope e = scanner.scan(message);
                if (ListChanges.isListChanged(e.method())) {
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
