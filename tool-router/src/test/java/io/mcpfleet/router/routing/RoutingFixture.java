package io.mcpfleet.router.routing;

import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.RoutingView;
import io.mcpfleet.router.activation.Activator;
import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.activation.SessionUse;
import io.mcpfleet.router.activation.WakeHold;
import io.mcpfleet.router.catalog.ToolEntry;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.discovery.FleetView;
import io.mcpfleet.router.discovery.FollowedFleet;
import io.mcpfleet.router.discovery.InMemoryFleetDirectory;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.metrics.CallRecorder;
import io.mcpfleet.router.metrics.LoopStart;
import io.mcpfleet.router.metrics.Outcome;
import io.mcpfleet.router.resilience.Breakers;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.FakeUpstream;
import io.mcpfleet.router.upstream.InitParams;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.testsupport.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import tools.jackson.databind.json.JsonMapper;

/**
 * The routing core without Spring: a {@link CallRouter} over an in-memory manager
 * ({@link InMemoryFleetDirectory}) and in-memory backends ({@link FakeUpstream}), with breakers
 * that open after two failures in a window of two, on a clock the test moves.
 */
final class RoutingFixture {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final EnvelopeScanner SCANNER = new EnvelopeScanner(64);

    final MutableClock clock = MutableClock.startingNow();
    final InMemoryFleetDirectory directory = new InMemoryFleetDirectory();
    final FakeUpstream backends;
    final UpstreamClient upstream;
    final ActivityTracker tracker = new ActivityTracker(clock);
    final Breakers breakers = new Breakers(new RouterProperties.Breaker(50, 2, 2, Duration.ofSeconds(10), 1), clock);
    /** Every recorded call: service, name, outcome. */
    final List<String> recorded = new CopyOnWriteArrayList<>();
    /** How each call offered to an event loop went ({@link LoopStart} tags). */
    final List<String> loopStarts = new CopyOnWriteArrayList<>();
    /** Whether calls are recorded in {@link #recorded} (a benchmark turns it off). */
    volatile boolean recording = true;
    final List<String> relearned = new CopyOnWriteArrayList<>();
    private FleetView fleet;
    private CallRouter router;

    /** Over in-memory backends ({@link #backends}). */
    RoutingFixture() {
        this.backends = new FakeUpstream();
        this.upstream = backends.client();
    }

    /** Over {@code upstream} (real HTTP): services are given by {@link #serviceAt}. */
    RoutingFixture(UpstreamClient upstream) {
        this.backends = null;
        this.upstream = upstream;
    }

    /** A service with the given instances (ids; each is its own host in {@link FakeUpstream}). */
    RoutingFixture service(String name, String sessions, String retry, String... instances) {
        List<RoutableInstance> running = new ArrayList<>();
        for (String id : instances) {
            running.add(new RoutableInstance(id, FakeUpstream.endpoint(id)));
        }
        return serviceAt(name, sessions, retry, 10_000, running);
    }

    /** A service with the given instances (id and endpoint) and call timeout. */
    RoutingFixture serviceAt(String name, String sessions, String retry, long callTimeoutMs,
                             List<RoutableInstance> running) {
        directory.add(name, new RoutingView("/mcp", sessions, "round_robin", callTimeoutMs, retry, 3, 4, 2_000,
                List.of()), running, null);
        return this;
    }

    CallRouter router() {
        if (router == null) {
            fleet = FollowedFleet.of(directory);
            Activator activator = new Activator(fleet, directory, Executors.newCachedThreadPool());
            WakeHold wake = new WakeHold(activator, JSON, Duration.ofMillis(20));
            ServiceRoutes routes = new ServiceRoutes(fleet, breakers, tracker, upstream);
            router = new CallRouter(routes, breakers, wake, tracker, upstream,
                    new CallRecorder() {
                        @Override
                        public void record(String service, String name, Outcome outcome, long nanos) {
                            if (recording) {
                                recorded.add(service + "/" + name + "/" + outcome.tag());
                            }
                        }

                        @Override
                        public void loopStart(LoopStart how) {
                            if (recording) {
                                loopStarts.add(how.tag());
                            }
                        }
                    },
                    SCANNER, relearned::add, Duration.ofSeconds(5));
        }
        return router;
    }

    /** A tool of a service; {@code safe}: annotated idempotent. */
    static ToolEntry tool(String service, String name, boolean safe) {
        return new ToolEntry(service + "__" + name, service, name, false, safe,
                ("{\"name\":\"" + service + "__" + name + "\"}").getBytes(StandardCharsets.UTF_8));
    }

    static Envelope call(Object id, String exposedName) {
        String idJson = id instanceof String s ? "\"" + s + "\"" : String.valueOf(id);
        return SCANNER.scan(("{\"jsonrpc\":\"2.0\",\"id\":" + idJson + ",\"method\":\"tools/call\",\"params\":{\"name\":\""
                + exposedName + "\",\"arguments\":{},\"_meta\":{\"progressToken\":\"tok\"}}}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A client session as the router's MCP endpoint keeps one. */
    Client client(String capabilitiesJson) {
        return new Client(new InitParams("2025-11-25", capabilitiesJson, "{\"name\":\"test\",\"version\":\"1\"}"),
                new SessionBindings(upstream, tracker, new SessionUse(clock.millis())));
    }

    /** The call context of one client session: what reaches its GET stream, its server requests. */
    static final class Client implements CallContext {
        private final InitParams init;
        private final SessionBindings bindings;
        final Map<String, CallHandle> calls = new ConcurrentHashMap<>();
        final Map<String, String> serverRequests = new ConcurrentHashMap<>();
        final List<String> clientStream = new CopyOnWriteArrayList<>();
        volatile String logLevel;

        Client(InitParams init, SessionBindings bindings) {
            this.init = init;
            this.bindings = bindings;
        }

        @Override
        public InitParams initParams() {
            return init;
        }

        @Override
        public InitParams pooledInitParams() {
            return PooledCapabilities.of(init.capabilities());
        }

        @Override
        public String logLevel() {
            return logLevel;
        }

        @Override
        public SessionBindings bindings() {
            return bindings;
        }

        @Override
        public String serverRequest(BackendSession from, String backendIdJson) {
            String clientSees = "\"fleet-" + (serverRequests.size() + 1) + "\"";
            serverRequests.put(clientSees, backendIdJson);
            return clientSees;
        }

        @Override
        public void callStarted(String clientIdJson, CallHandle handle) {
            calls.put(clientIdJson, handle);
        }

        @Override
        public void callEnded(String clientIdJson) {
            calls.remove(clientIdJson);
        }

        @Override
        public void toClientStream(byte[] json) {
            clientStream.add(new String(json, StandardCharsets.UTF_8));
        }
    }

    /** The client's reply to one call. */
    static final class Reply implements ReplySink {
        final List<String> intermediate = new CopyOnWriteArrayList<>();
        volatile String response;
        volatile boolean abandoned;

        @Override
        public void intermediate(byte[] json) {
            intermediate.add(new String(json, StandardCharsets.UTF_8));
        }

        @Override
        public void complete(byte[] json) {
            response = new String(json, StandardCharsets.UTF_8);
        }

        @Override
        public void abandon() {
            abandoned = true;
        }

        @Override
        public boolean streamed() {
            return !intermediate.isEmpty() || response != null;
        }
    }

    static String outcome(Outcome outcome) {
        return outcome.tag();
    }
}
