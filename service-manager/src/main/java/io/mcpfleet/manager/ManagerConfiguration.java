package io.mcpfleet.manager;

import io.mcpfleet.config.ConfigLoader;
import io.mcpfleet.config.FleetConfig;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.manager.activity.ActivityLedger;
import io.mcpfleet.manager.autoscale.Autoscaler;
import io.mcpfleet.manager.bridge.BridgeServlet;
import io.mcpfleet.manager.bridge.StdioBridge;
import io.mcpfleet.manager.events.FleetEvents;
import io.mcpfleet.manager.health.HealthMonitor;
import io.mcpfleet.manager.health.Prober;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.FleetLifecycle;
import io.mcpfleet.manager.lifecycle.FleetSettings;
import io.mcpfleet.manager.lifecycle.LifecycleListener;
import io.mcpfleet.manager.metrics.FleetMetrics;
import io.mcpfleet.manager.metrics.MemoryMetrics;
import io.mcpfleet.manager.resources.BudgetSetting;
import io.mcpfleet.manager.resources.Footprints;
import io.mcpfleet.manager.resources.MemoryBudget;
import io.mcpfleet.manager.runtime.ContainerAttach;
import io.mcpfleet.manager.runtime.DockerClients;
import io.mcpfleet.manager.runtime.DockerConfigCheck;
import io.mcpfleet.manager.runtime.DockerContainerRuntime;
import io.mcpfleet.manager.runtime.SwarmConfigCheck;
import io.mcpfleet.manager.runtime.SwarmContainerRuntime;
import io.mcpfleet.manager.security.ApiTokenFilter;
import io.mcpfleet.manager.security.RequestSizeFilter;
import io.mcpfleet.manager.sleep.SleepPolicyEnforcer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationPredicate;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.core.env.Environment;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the manager: services.yml, the Docker runtime, health, events, activity, the lifecycle and
 * its policies (sleep, autoscaling, the memory budget).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ManagerProperties.class)
class ManagerConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ManagerConfiguration.class);
    /** The largest body the API accepts: an activity report of a thousand services fits many times over. */
    private static final long MAX_REQUEST_BYTES = 1024 * 1024;

    /** Threads of the manager's own pools: daemons, so that they never hold the JVM up at shutdown. */
    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Fails start-up with file:line:column, key and reason when services.yml is invalid. */
    @Bean
    FleetConfig fleetConfig(ManagerProperties properties) {
        FleetConfig config = ConfigLoader.load(properties.config());
        if (properties.runtime() == ManagerProperties.Runtime.SWARM) {
            SwarmConfigCheck.check(config);
        } else {
            DockerConfigCheck.check(config);
        }
        return config;
    }

    @Bean
    FleetSettings fleetSettings(ManagerProperties p) {
        return new FleetSettings(p.name(), p.dockerNetwork(), p.egressNetwork(), p.publishHost(), p.stopGrace(),
                p.reconcileInterval());
    }

    /** Fails start-up, naming the setting, when {@code fleet.runtime: swarm} meets an engine or network unfit for it. */
    @Bean(destroyMethod = "close")
    ContainerRuntime containerRuntime(ManagerProperties p, FleetConfig config) {
        if (p.runtime() == ManagerProperties.Runtime.SWARM) {
            Map<String, String> networks = new LinkedHashMap<>();
            networks.put("fleet.docker-network", p.dockerNetwork());
            networks.put("fleet.egress-network", p.egressNetwork());
            List<String> stdio = config.all().stream().filter(ServiceSpec::stdioTransport).map(ServiceSpec::name)
                    .toList();
            return SwarmContainerRuntime.forHost(DockerClients.dockerHost(System.getenv()), networks, stdio);
        }
        return DockerContainerRuntime.fromEnvironment();
    }

    /**
     * Attachments to stdio containers: a stream client of their own, one connection per attached container.
     * On Swarm an instance is a service, attached at its task's container on the manager's node.
     */
    @Bean(destroyMethod = "close")
    ContainerAttach containerAttach(ContainerRuntime runtime) {
        String host = DockerClients.dockerHost(System.getenv());
        return runtime instanceof SwarmContainerRuntime swarm
                ? ContainerAttach.forHost(host, swarm::attachableContainer) : ContainerAttach.forHost(host);
    }

    @Bean(destroyMethod = "close")
    StdioBridge stdioBridge(ContainerAttach pipes, FleetConfig config, ManagerProperties p, Environment environment,
                            ScheduledExecutorService apiScheduler, Clock clock) {
        String configured = p.bridge().advertisedUrl();
        // Unset: this host, at the port the server got (known once it listens; server.port before, e.g. at adoption).
        Supplier<String> advertised = configured != null && !configured.isBlank() ? configured::strip
                : () -> "http://localhost:" + environment.getProperty("local.server.port",
                        environment.getProperty("server.port", "9000"));
        StdioBridge bridge = new StdioBridge(pipes, config, advertised, p.bridge().sessionIdleTimeout(), clock);
        bridge.start(apiScheduler);
        return bridge;
    }

    /** Writes the bridge's answers: a thread per exchange being written, so a slow client holds up only its own. */
    @Bean(destroyMethod = "shutdownNow")
    ExecutorService bridgeWriters() {
        return Executors.newCachedThreadPool(daemon("fleet-bridge-writer"));
    }

    @Bean
    ServletRegistrationBean<BridgeServlet> bridgeServlet(StdioBridge bridge, ExecutorService bridgeWriters) {
        ServletRegistrationBean<BridgeServlet> registration = new ServletRegistrationBean<>(
                new BridgeServlet(bridge, bridgeWriters), "/bridge/*");
        registration.setAsyncSupported(true);
        registration.setName("bridge");
        return registration;
    }

    /**
     * No {@code http.server.requests} timer (and active-requests long task timer) for each bridged
     * call: those are the stdio servers' data path, counted by the router's call metrics, not
     * requests to the manager's API. Profiled under load, the two timers were a sixth of the
     * manager's CPU per bridged call.
     */
    @Bean
    ObservationPredicate bridgeCallsUnobserved() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext request
                && request.getCarrier().getRequestURI().startsWith("/bridge/"));
    }

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService apiScheduler() {
        return Executors.newScheduledThreadPool(2, daemon("fleet-scheduler"));
    }

    @Bean(destroyMethod = "close")
    HealthMonitor healthMonitor(ScheduledExecutorService apiScheduler, MeterRegistry meters, StdioBridge bridge) {
        // Probes block on their socket, each on a thread of a cached pool: a hung
        // server holds up no other probe, and an idle fleet's probes (6 a second with 60
        // instances, a millisecond each) reuse one or two threads. Blocking platform threads
        // cost less CPU per probe here than virtual threads (whose every blocking read and
        // connect goes through the poller and a carrier hand-off): 1.0-1.35 ms against 1.35-1.6 ms
        // measured side by side with busybox's httpd (the JDK HTTP client: 4.2-5.1 ms).
        Executor blockingProbes = Executors.newCachedThreadPool(daemon("fleet-probe"));
        return new HealthMonitor(new Prober(blockingProbes), bridge, apiScheduler, meters);
    }

    @Bean
    FleetEvents fleetEvents(Clock clock) {
        return new FleetEvents(clock);
    }

    @Bean
    ActivityLedger activityLedger(Clock clock, ManagerProperties p) {
        return new ActivityLedger(clock, p.activityExpiry(), p.drainGrace());
    }

    @Bean
    FleetMetrics fleetMetrics(MeterRegistry registry, Clock clock) {
        return new FleetMetrics(registry, clock);
    }

    /** One thread for the periodic policies (sleep, autoscaling, memory samples): each tick is short. */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService policyScheduler() {
        return Executors.newSingleThreadScheduledExecutor(daemon("fleet-policy"));
    }

    @Bean
    SleepPolicyEnforcer sleepPolicyEnforcer(ActivityLedger ledger, Clock clock) {
        return new SleepPolicyEnforcer(ledger, clock);
    }

    @Bean
    Footprints footprints() {
        return new Footprints();
    }

    /** Fails start-up when {@code fleet.memory-budget} is not a size, a share or none. */
    @Bean
    MemoryBudget memoryBudget(ManagerProperties p, ContainerRuntime runtime, Footprints footprints,
                              SleepPolicyEnforcer sleepPolicy, Clock clock) {
        BudgetSetting setting = BudgetSetting.parse(p.memoryBudget());
        OptionalLong host = OptionalLong.empty();
        if (setting.percent() != null) {
            try {
                host = runtime.memoryTotal();
            } catch (RuntimeException e) {
                LOG.warn("cannot ask the Docker engine for its memory ({}); running without a memory budget",
                        e.getMessage());
            }
        }
        OptionalLong bytes = setting.resolve(host);
        String source = setting.percent() == null ? p.memoryBudget()
                : p.memoryBudget() + " of " + host.stream().mapToObj(MemoryBudget::describe).findFirst().orElse("?");
        if (bytes.isEmpty()) {
            if (!setting.unlimited()) {
                LOG.warn("the Docker engine does not report its memory; running without a memory budget "
                        + "(set fleet.memory-budget to a size, e.g. 8GiB)");
            }
            return new MemoryBudget(MemoryBudget.UNLIMITED, "none", runtime, footprints, sleepPolicy, clock);
        }
        LOG.info("memory budget {} ({})", MemoryBudget.describe(bytes.getAsLong()), source);
        return new MemoryBudget(bytes.getAsLong(), source, runtime, footprints, sleepPolicy, clock);
    }

    @Bean(destroyMethod = "close")
    FleetLifecycle fleetLifecycle(FleetConfig config, FleetSettings settings, ContainerRuntime runtime,
                                  StdioBridge bridge, HealthMonitor health, ActivityLedger ledger, FleetEvents events,
                                  FleetMetrics metrics, MemoryBudget budget, SleepPolicyEnforcer sleepPolicy,
                                  Footprints footprints, ScheduledExecutorService policyScheduler,
                                  MeterRegistry meters, ManagerProperties p, Clock clock) {
        List<LifecycleListener> listeners = List.of(events, metrics);
        FleetLifecycle fleet = new FleetLifecycle(config, settings, runtime, bridge, health, ledger,
                (s, type, id, reason, message) -> listeners.forEach(l -> l.changed(s, type, id, reason, message)),
                budget, clock);
        metrics.bind(fleet, runtime);
        MemoryMetrics.bind(meters, fleet, footprints, budget);
        budget.bind(fleet);
        fleet.start();
        footprints.start(fleet, runtime, policyScheduler, p.memorySampleInterval());
        sleepPolicy.start(fleet, policyScheduler, p.sleepCheckInterval());
        return fleet;
    }

    /** Ahead of everything else, so an oversized body is refused before it is read. */
    @Bean
    FilterRegistrationBean<RequestSizeFilter> requestSizeFilter() {
        FilterRegistrationBean<RequestSizeFilter> registration = new FilterRegistrationBean<>(
                new RequestSizeFilter(MAX_REQUEST_BYTES));
        registration.setOrder(Integer.MIN_VALUE);
        return registration;
    }

    @Bean
    Autoscaler autoscaler(FleetLifecycle fleet, ActivityLedger ledger, ContainerRuntime runtime, MeterRegistry meters,
                          ScheduledExecutorService policyScheduler, ManagerProperties p, Clock clock) {
        Autoscaler autoscaler = new Autoscaler(fleet, ledger, runtime, meters, clock);
        autoscaler.start(policyScheduler, p.autoscaleInterval());
        return autoscaler;
    }

    @Bean
    FilterRegistrationBean<ApiTokenFilter> apiTokenFilter(ManagerProperties p) {
        String token = p.apiToken();
        FilterRegistrationBean<ApiTokenFilter> registration = new FilterRegistrationBean<>();
        if (token == null || token.isBlank()) {
            LOG.warn("FLEET_API_TOKEN is not set: anyone who can reach port 9000 can start, stop and scale "
                    + "containers. Set it (and FLEET_API_TOKEN on the router) outside a trusted network.");
            registration.setEnabled(false);
            registration.setFilter(new ApiTokenFilter("unused"));
            return registration;
        }
        registration.setFilter(new ApiTokenFilter(token));
        registration.addUrlPatterns("/services", "/services/*", "/events", "/activity", "/fleet", "/bridge/*");
        return registration;
    }
}
