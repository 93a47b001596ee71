package io.mcpfleet.manager.bridge;

import io.mcpfleet.config.FleetConfig;
import io.mcpfleet.config.ServiceSpec;
import io.mcpfleet.manager.health.BridgeProbes;
import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import io.mcpfleet.manager.lifecycle.StdioAttachments;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;

/**
 * The manager's bridge to its stdio servers: one {@link BridgedProcess} per attached container,
 * found by the HTTP side ({@link BridgeServlet}) at {@code <advertised url>/bridge/<service>/<container id>/mcp}
 * and driven by the lifecycle (attach before a start, re-attach on adoption, detach on removal) and
 * the health monitor (initialize, then ping).
 */
public final class StdioBridge implements StdioAttachments, BridgeProbes, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StdioBridge.class);
    /** How often open GET streams get an SSE comment (a client that went away is noticed then). */
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final ContainerPipes pipes;
    private final FleetConfig fleet;
    private final Supplier<String> advertisedUrl;
    private final Duration sessionIdleTimeout;
    private final Clock clock;
    private final Map<String, BridgedProcess> processes = new ConcurrentHashMap<>();

    /**
     * @param advertisedUrl      the manager's base URL as the router reaches it, e.g. {@code http://service-manager:9000};
     *                           asked for each new endpoint (a default may depend on the port the server got)
     * @param sessionIdleTimeout sessions with nothing in flight, no stream and no request for this long end
     */
    public StdioBridge(ContainerPipes pipes, FleetConfig fleet, Supplier<String> advertisedUrl,
                       Duration sessionIdleTimeout, Clock clock) {
        this.pipes = pipes;
        this.fleet = fleet;
        this.advertisedUrl = advertisedUrl;
        this.sessionIdleTimeout = sessionIdleTimeout;
        this.clock = clock;
    }

    /** Keeps GET streams alive and ends idle sessions, on the given scheduler. */
    public void start(ScheduledExecutorService scheduler) {
        scheduler.scheduleWithFixedDelay(this::tick, KEEP_ALIVE.toMillis(), KEEP_ALIVE.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    private void tick() {
        long idleSince = clock.millis() - sessionIdleTimeout.toMillis();
        for (BridgedProcess process : processes.values()) {
            try {
                process.keepStreamsAlive();
                process.expireSessions(idleSince);
            } catch (RuntimeException e) {
                LOG.warn("{}: keeping its sessions failed", process, e);
            }
        }
    }

    /**
     * Attaches to a container of a stdio service: before its start (nothing it writes is lost), or
     * running (a restarted manager adopting it). A former attachment to it ends first.
     *
     * @throws io.mcpfleet.manager.lifecycle.ContainerRuntimeException when the engine refuses
     */
    @Override
    public void attach(ServiceSpec spec, String containerId) {
        detach(containerId, "attached again");
        BridgedProcess process = new BridgedProcess(spec.name(), containerId, spec.stdio(), clock);
        ProcessOutput output = new ProcessOutput(process, (int) spec.stdio().maxMessageBytes(), clock);
        process.attached(pipes.attach(containerId, output));
        processes.put(containerId, process);
    }

    /** Whether the service is one the bridge serves ({@code transport: stdio}). */
    @Override
    public boolean bridges(String service) {
        return fleet.service(service).map(ServiceSpec::stdioTransport).orElse(false);
    }

    /** Whether the container has a live attachment (its process has not ended). */
    public boolean attached(String containerId) {
        BridgedProcess process = processes.get(containerId);
        return process != null && !process.ended();
    }

    /** Ends the attachment and the process's sessions (the container is stopped or removed, or re-attached). */
    @Override
    public void detach(String containerId, String reason) {
        BridgedProcess process = processes.remove(containerId);
        if (process != null) {
            process.end(reason);
        }
    }

    /** The endpoint the router is given for an instance: the MCP path is appended by the router. */
    @Override
    public String endpoint(String service, String containerId) {
        String base = advertisedUrl.get();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/bridge/" + service + "/"
                + containerId;
    }

    /**
     * One health probe of an instance of a stdio service: the first initializes the server (later
     * probes wait for the same initialize: a server may take longer than one probe's timeout to
     * start), then each is an MCP {@code ping}. A running container without an attachment (a
     * restarted manager adopted it, or the attachment broke) is attached first and initialized again.
     * Completes with the answer's duration in seconds; fails with why.
     */
    @Override
    public CompletableFuture<Double> probe(String service, String containerId, Duration timeout) {
        BridgedProcess process = processes.get(containerId);
        if (process == null || process.ended()) {
            Optional<ServiceSpec> spec = fleet.service(service);
            if (spec.isEmpty()) {
                return CompletableFuture.failedFuture(new BridgeException("service " + service + " is not configured"));
            }
            try {
                attach(spec.get(), containerId);
                LOG.info("service {}: attached to the running container {}", service, StderrLog.shortId(containerId));
            } catch (ContainerRuntimeException e) {
                return CompletableFuture.failedFuture(new BridgeException(e.getMessage()));
            }
            process = processes.get(containerId);
        }
        long begin = System.nanoTime();
        BridgedProcess probed = process;
        // The server's era first (asked once): a 2026-07-28 server has neither initialize nor ping.
        CompletableFuture<?> answer = process.modern().copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenCompose(modern -> modern ? probed.discover(timeout) : probed.initialized().isPresent()
                        ? probed.ping(timeout)
                        : probed.initialize().copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS));
        return answer.thenApply(ignored -> (System.nanoTime() - begin) / 1e9);
    }

    Optional<BridgedProcess> process(String service, String containerId) {
        BridgedProcess process = processes.get(containerId);
        return process != null && process.service().equals(service) ? Optional.of(process) : Optional.empty();
    }

    /** The service's routing call timeout: how long one bridged call may wait before the bridge gives up. */
    Duration callTimeout(String service) {
        return fleet.service(service).map(s -> s.routing().callTimeout()).orElse(Duration.ofMinutes(2));
    }

    /**
     * Ends the clients' GET streams when the manager stops, before graceful shutdown waits for
     * active requests (a closing context announces itself before it stops its lifecycle beans): the
     * router's session at each stdio service holds one, and each held every stop for the whole
     * shutdown timeout. Calls in flight are left to finish; the processes are detached at {@link #close()}.
     */
    @EventListener(ContextClosedEvent.class)
    public void endStreams() {
        processes.values().forEach(BridgedProcess::endStreams);
    }

    @Override
    public void close() {
        processes.keySet().forEach(id -> detach(id, "the manager is stopping"));
    }
}
