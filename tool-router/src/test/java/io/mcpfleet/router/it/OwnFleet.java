package io.mcpfleet.router.it;

import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.RoutingView;
import io.mcpfleet.mimic.Mimic;
import io.mcpfleet.mimic.MimicOptions;
import io.mcpfleet.mimic.RunningMimic;
import io.mcpfleet.router.discovery.FleetDirectory;
import io.mcpfleet.router.discovery.InMemoryFleetDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * A small fleet of real mimics behind an in-memory manager, for a test class whose router needs
 * settings of its own ({@link RouterOnOwnFleet}) rather than the shared {@link TestFleet}. Register
 * it as a static extension: its mimics stop after the class.
 */
public final class OwnFleet implements AfterAllCallback {

    public final InMemoryFleetDirectory directory = new InMemoryFleetDirectory();
    private final Map<String, RunningMimic> mimics = new ConcurrentHashMap<>();

    private OwnFleet() {
    }

    public static OwnFleet create() {
        return new OwnFleet();
    }

    /** A stateful, least-connections service with these running mimics (ids {@code ids}), each shaped by {@code options}. */
    public OwnFleet service(String name, UnaryOperator<MimicOptions> options, String... ids) {
        return service(name, routing("stateful", "least_connections"), options, ids);
    }

    /** A service with its own routing view and these running mimics; none: known, not running, tools unknown. */
    public OwnFleet service(String name, RoutingView view, UnaryOperator<MimicOptions> options, String... ids) {
        List<RoutableInstance> running = new ArrayList<>();
        for (String id : ids) {
            running.add(new RoutableInstance(id, mimic(id, options).baseUrl()));
        }
        directory.add(name, view, running, null);
        return this;
    }

    /** Starts a mimic that no service lists yet (a test {@link #publish}es it later). */
    public RunningMimic mimic(String id, UnaryOperator<MimicOptions> options) {
        RunningMimic m = Mimic.start(options.apply(MimicOptions.defaults().withId(id)));
        mimics.put(id, m);
        return m;
    }

    /** Makes these mimics the service's routable instances, as the manager's event would. */
    public void publish(String service, String... ids) {
        List<RoutableInstance> running = new ArrayList<>();
        for (String id : ids) {
            running.add(new RoutableInstance(id, mimics.get(id).baseUrl()));
        }
        directory.publish(service, running);
    }

    public RunningMimic get(String id) {
        return mimics.get(id);
    }

    /** A routing view as the manager would send it: these session mode and balancing, defaults otherwise. */
    public static RoutingView routing(String sessions, String balancing) {
        return new RoutingView("/mcp", sessions, balancing, 30_000, "auto", 3, 256, 10_000, List.of());
    }

    /** Adds a service whose instances are reached at these base URLs (a mimic behind a proxy, say). */
    public OwnFleet serviceAt(String name, RoutingView view, Map<String, String> baseUrlsById) {
        List<RoutableInstance> running = new ArrayList<>();
        baseUrlsById.forEach((id, url) -> running.add(new RoutableInstance(id, url)));
        directory.add(name, view, running, null);
        return this;
    }

    /**
     * Hands the router this fleet's directory; a test class extends it with its own fleet:
     * {@code @TestConfiguration(proxyBeanMethods = false) static class Directory extends OwnFleet.Directory
     * { Directory() { super(FLEET); } }}.
     */
    public abstract static class Directory {

        private final OwnFleet fleet;

        protected Directory(OwnFleet fleet) {
            this.fleet = fleet;
        }

        @Bean
        @Primary
        FleetDirectory ownFleet() {
            return fleet.directory;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        mimics.values().forEach(RunningMimic::close);
        mimics.clear();
    }
}
