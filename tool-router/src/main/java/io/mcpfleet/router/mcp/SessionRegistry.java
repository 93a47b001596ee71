package io.mcpfleet.router.mcp;

import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.activation.SessionUse;
import io.mcpfleet.router.catalog.Catalog;
import io.mcpfleet.router.catalog.CatalogListener;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.routing.SessionBindings;
import io.mcpfleet.router.upstream.InitParams;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The router's client sessions. Ids are 256 random bits (URL-safe Base64, visible ASCII as the
 * specification requires); with {@code fleet.sessions.key} set (router replicas behind one
 * address) they are sealed instead ({@link SessionSeal}), so that a replica takes up a session
 * another one opened. A session ended here (DELETE, idle expiry) stays ended here: its id is
 * remembered for two idle timeouts, so a sealed id cannot bring it back on this replica (another
 * replica that never saw the end would take it up: documented). Sessions idle past the configured
 * timeout end; open GET streams get
 * a keep-alive comment and the catalog's {@code notifications/tools/list_changed}.
 */
@Component
class SessionRegistry implements CatalogListener, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);
    private static final byte[] TOOLS_CHANGED = JsonRpc.notification("notifications/tools/list_changed", null);
    private static final byte[] PROMPTS_CHANGED = JsonRpc.notification("notifications/prompts/list_changed", null);
    private static final byte[] RESOURCES_CHANGED = JsonRpc.notification("notifications/resources/list_changed",
            null);

    private final Map<String, ClientSession> sessions = new ConcurrentHashMap<>();
    /** Null unless {@code fleet.sessions.key} is set: a single router needs no sealed ids. */
    private final SessionSeal seal;
    private final SecureRandom random = new SecureRandom();
    /** Ids of sessions ended here, with when (sealed ids only: a random one cannot come back). */
    private final Map<String, Long> ended = new ConcurrentHashMap<>();
    private final Clock clock;
    private final UpstreamClient upstream;
    private final ActivityTracker tracker;
    private final long idleMillis;

    SessionRegistry(Clock clock, UpstreamClient upstream, ActivityTracker tracker, Catalog catalog,
                    ScheduledExecutorService routerScheduler, RouterProperties properties, MeterRegistry meters) {
        this.clock = clock;
        this.upstream = upstream;
        this.tracker = tracker;
        this.idleMillis = properties.sessions().idleTimeout().toMillis();
        String key = properties.sessions().key();
        this.seal = key == null || key.isBlank() ? null : new SessionSeal(key);
        catalog.addListener(this);
        // Sessions that are never ended pile up here until they idle out: worth watching.
        Gauge.builder("fleet.router.sessions", sessions, Map::size).description("client MCP sessions open")
                .register(meters);
        long sweep = Math.max(100, Math.min(idleMillis / 4, 30_000));
        routerScheduler.scheduleWithFixedDelay(this::expireIdle, sweep, sweep, TimeUnit.MILLISECONDS);
        long ping = properties.sessions().keepAlive().toMillis();
        routerScheduler.scheduleWithFixedDelay(this::ping, ping, ping, TimeUnit.MILLISECONDS);
    }

    ClientSession create(String protocolVersion, InitParams init) {
        String id;
        if (seal != null) {
            id = seal.seal(protocolVersion, init);
        } else {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        ClientSession session = session(id, protocolVersion, init);
        sessions.put(session.id(), session);
        return session;
    }

    /**
     * The session of an id: one of this router's, or one another replica opened (its id is sealed
     * with the key they share), taken up here from what the id carries.
     */
    ClientSession find(String id) {
        if (id == null) {
            return null;
        }
        ClientSession known = sessions.get(id);
        if (known != null) {
            return known;
        }
        if (seal == null || ended.containsKey(id)) {
            return null;
        }
        return seal.open(id).map(sealed -> {
            ClientSession taken = sessions.computeIfAbsent(id, k -> session(k, sealed.protocolVersion(),
                    sealed.init()));
            log.info("client session {}... taken up from its sealed id (opened by another router, or before a restart)",
                    id.substring(0, Math.min(id.length(), 9)));
            return taken;
        }).orElse(null);
    }

    private ClientSession session(String id, String protocolVersion, InitParams init) {
        long now = clock.millis();
        SessionUse use = new SessionUse(now);
        return new ClientSession(id, protocolVersion, init, new SessionBindings(upstream, tracker, use), use, now);
    }

    int size() {
        return sessions.size();
    }

    /** Ends a session (DELETE); returns false when it did not exist. */
    boolean end(String id) {
        ClientSession session = sessions.remove(id);
        if (session == null) {
            return false;
        }
        remember(id);
        session.close();
        return true;
    }

    /** Ends every session idle longer than the timeout. */
    void expireIdle() {
        long now = clock.millis();
        sessions.values().forEach(s -> {
            if (s.idleLongerThan(idleMillis, now) && sessions.remove(s.id(), s)) {
                log.info("client session {}... expired after {} ms idle", s.id().substring(0, 6), idleMillis);
                remember(s.id());
                s.close();
            }
        });
        ended.values().removeIf(at -> now - at > 2 * idleMillis);
    }

    private void remember(String id) {
        if (seal != null) {
            ended.put(id, clock.millis());
        }
    }

    long now() {
        return clock.millis();
    }

    @Override
    public void toolsChanged() {
        tellEveryStream(TOOLS_CHANGED);
    }

    @Override
    public void promptsChanged() {
        tellEveryStream(PROMPTS_CHANGED);
    }

    @Override
    public void resourcesChanged() {
        tellEveryStream(RESOURCES_CHANGED);
    }

    private void tellEveryStream(byte[] notification) {
        sessions.values().forEach(s -> {
            ClientStream stream = s.stream();
            if (stream != null) {
                stream.send(notification);
            }
        });
    }

    private void ping() {
        sessions.values().forEach(s -> {
            ClientStream stream = s.stream();
            if (stream != null) {
                stream.ping();
            }
        });
    }

    /**
     * Ends every session's GET stream when the router stops, before graceful shutdown waits for
     * active requests (a closing context announces itself before it stops its lifecycle beans): a
     * gateway always holds one, and each held every stop for the whole shutdown timeout and then
     * had its connection cut. Sessions and their calls in flight stay until {@link #destroy()}.
     */
    @EventListener(ContextClosedEvent.class)
    void endStreams() {
        sessions.values().forEach(s -> {
            ClientStream stream = s.stream();
            if (stream != null) {
                stream.close();
            }
        });
    }

    @Override
    public void destroy() {
        sessions.values().forEach(ClientSession::close);
        sessions.clear();
    }
}
