package io.mcpfleet.router.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.router.activation.ActivityTracker;
import io.mcpfleet.router.activation.SessionUse;
import io.mcpfleet.router.balancing.InstanceLoad;
import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.discovery.InstanceRef;
import io.mcpfleet.router.resilience.Breakers;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.BackendStream;
import io.mcpfleet.router.upstream.FakeUpstream;
import io.mcpfleet.router.upstream.InitParams;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.testsupport.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A client session's bindings: one backend session per service, released when replaced, rebased when the container is back. */
class SessionBindingsTest {

    private static final InitParams CLIENT = new InitParams("2025-11-25", "{}", "{\"name\":\"t\",\"version\":\"1\"}");

    private final MutableClock clock = MutableClock.startingNow();
    private final FakeUpstream backends = new FakeUpstream();
    private final UpstreamClient upstream = backends.client();
    private final Breakers breakers = new Breakers(new RouterProperties.Breaker(50, 2, 2, Duration.ofSeconds(10), 1),
            clock);
    private final SessionBindings bindings = new SessionBindings(upstream, new ActivityTracker(clock),
            new SessionUse(clock.millis()));

    private Backend backend(String id) {
        return new Backend("svc", new InstanceRef(id, URI.create(FakeUpstream.endpoint(id) + "/mcp")),
                new InstanceLoad(), breakers.of("svc", id));
    }

    private SessionBindings.Binding open(Backend backend) {
        BackendSession session = upstream.open("svc", backend.ref, CLIENT, Duration.ofSeconds(1));
        BackendStream stream = upstream.listen(session, (s, json) -> { });
        return new SessionBindings.Binding(backend, session, stream);
    }

    @Test
    void aNewBindingReplacesTheOldOneAndEndsItsBackendSession() {
        SessionBindings.Binding first = open(backend("a"));
        SessionBindings.Binding second = open(backend("b"));
        bindings.bind("svc", first);

        bindings.bind("svc", second);

        assertThat(bindings.get("svc")).isSameAs(second);
        assertThat(backends.instance("a").deleted()).containsExactly(first.session().sessionId());
        assertThat(backends.instance("a").streams().get(0).closed()).isTrue();
        assertThat(first.session().closed()).isTrue();
        assertThat(second.session().closed()).isFalse();
    }

    @Test
    void rebasingKeepsTheBackendSessionOnTheInstancesNewBackend() {
        Backend gone = backend("a");
        SessionBindings.Binding binding = open(gone);
        bindings.bind("svc", binding);
        Backend back = backend("a");

        SessionBindings.Binding moved = bindings.rebase("svc", binding, back);

        assertThat(moved.backend()).isSameAs(back);
        assertThat(moved.session()).isSameAs(binding.session());
        assertThat(bindings.get("svc")).isSameAs(moved);
        assertThat(backends.instance("a").deleted()).isEmpty();
    }

    @Test
    void aBindingReplacedMeanwhileIsNeitherRebasedNorUnbound() {
        SessionBindings.Binding old = open(backend("a"));
        SessionBindings.Binding current = open(backend("b"));
        bindings.bind("svc", old);
        bindings.bind("svc", current);

        SessionBindings.Binding moved = bindings.rebase("svc", old, backend("a"));
        bindings.unbind("svc", old);

        assertThat(moved).isNull();
        assertThat(bindings.get("svc")).isSameAs(current);
        assertThat(backends.instance("b").deleted()).isEmpty();
    }

    @Test
    void closingTheClientSessionEndsEveryBackendSession() {
        bindings.bind("one", open(backend("a")));
        bindings.bind("two", open(backend("b")));
        List<BackendSession> seen = new ArrayList<>();
        bindings.forEachSession(seen::add);

        bindings.closeAll();

        assertThat(seen).hasSize(2);
        assertThat(bindings.size()).isZero();
        assertThat(backends.instance("a").deleted()).hasSize(1);
        assertThat(backends.instance("b").deleted()).hasSize(1);
    }
}
