package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import io.mcpfleet.manager.lifecycle.ContainerEvent;
import io.mcpfleet.manager.lifecycle.ListedContainer;
import io.mcpfleet.manager.lifecycle.ContainerRuntime;
import io.mcpfleet.manager.lifecycle.ContainerSnapshot;
import io.mcpfleet.manager.lifecycle.ContainerSpec;
import io.mcpfleet.manager.lifecycle.LogQuery;
import io.mcpfleet.manager.lifecycle.LogReceiver;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * The {@link ContainerRuntime} on a Docker engine, through docker-java. Each operation lives in
 * its own adapter ({@link ContainerCreate}, {@link ContainerStop}, ...); this class wires them.
 *
 * <p>Idempotence, beyond what the port promises: {@code stop} and {@code remove} of a container
 * that does not exist succeed (nothing of it runs; it is gone), {@code unpause} of a container that
 * is not paused succeeds; {@code start} of a paused container and {@code pause} of a stopped one
 * fail, since the wanted state cannot be reached that way.
 *
 * <p>Stop graces above {@link DockerClients#MAX_STOP_GRACE} are capped to it.
 *
 * <p>A published port is ephemeral per start: after a stop and a start the engine binds the
 * container port to a new host port, so inspect again after every start rather than keep an endpoint.
 *
 * <p>{@link #close()} ends every subscription, stats request and log read, and the clients this runtime made.
 */
public final class DockerContainerRuntime implements ContainerRuntime, AutoCloseable {

    private final EngineLink engine;
    private final ContainerNames names = new ContainerNames();
    private final ContainerCreate creates;
    private final ContainerStart starts;
    private final ContainerStop stops;
    private final ContainerRemove removes;
    private final ContainerPause pauses;
    private final ContainerUnpause unpauses;
    private final ContainerInspect inspects;
    private final EngineInfo info;

    /**
     * A runtime on one client for requests and streams alike. The client should have no response
     * timeout (or a long one): an events stream silent for longer than it is dropped and
     * reconnected, with an {@code onReconnect} each time. Prefer {@link #forHost(String)}.
     */
    public DockerContainerRuntime(DockerClient client) {
        this(client, client, false, "engine", Clock.systemUTC(), ContainerStats.DEFAULT_IDLE_AFTER);
    }

    /** A runtime on a request client and a stream client as {@link DockerClients} makes them. */
    public DockerContainerRuntime(DockerClient requests, DockerClient streams) {
        this(requests, streams, false, "engine", Clock.systemUTC(), ContainerStats.DEFAULT_IDLE_AFTER);
    }

    DockerContainerRuntime(DockerClient requests, DockerClient streams, boolean ownsClients, String engine,
                           Clock clock, Duration statsIdleAfter) {
        this.engine = new EngineLink(requests, streams, ownsClients, engine, names, clock, statsIdleAfter,
                "fleet-docker-runtime");
        this.creates = new ContainerCreate(requests, names);
        this.starts = new ContainerStart(requests, names);
        this.stops = new ContainerStop(requests, names);
        this.removes = new ContainerRemove(requests, names);
        this.pauses = new ContainerPause(requests, names);
        this.unpauses = new ContainerUnpause(requests, names);
        this.inspects = new ContainerInspect(requests, names);
        this.info = new EngineInfo(requests, engine);
    }

    /** A runtime on {@code DOCKER_HOST} (default {@value DockerClients#DEFAULT_DOCKER_HOST}). */
    public static DockerContainerRuntime fromEnvironment() {
        return forHost(DockerClients.dockerHost(System.getenv()));
    }

    /** A runtime on the engine at {@code dockerHost}, e.g. {@code unix:///var/run/docker.sock}. */
    public static DockerContainerRuntime forHost(String dockerHost) {
        return new DockerContainerRuntime(DockerClients.forRequests(dockerHost), DockerClients.forStreams(dockerHost),
                true, "engine at " + dockerHost, Clock.systemUTC(), ContainerStats.DEFAULT_IDLE_AFTER);
    }

    @Override
    public String create(ContainerSpec spec) {
        return creates.create(spec);
    }

    @Override
    public void start(String id) {
        starts.start(id);
    }

    @Override
    public void stop(String id, Duration grace) {
        engine.stats().forget(id);
        stops.stop(id, grace);
    }

    @Override
    public void remove(String id) {
        engine.stats().forget(id);
        removes.remove(id);
    }

    @Override
    public void pause(String id) {
        pauses.pause(id);
    }

    @Override
    public void unpause(String id) {
        unpauses.unpause(id);
    }

    @Override
    public Optional<ContainerSnapshot> inspect(String id) {
        return inspects.inspect(id);
    }

    @Override
    public List<ContainerSnapshot> list(Map<String, String> labels) {
        return inspects.list(labels);
    }

    @Override
    public List<ListedContainer> listed(Map<String, String> labels) {
        return inspects.listed(labels);
    }

    @Override
    public AutoCloseable subscribe(Map<String, String> labels, Consumer<ContainerEvent> listener,
                                   Runnable onReconnect) {
        return engine.subscribe(labels, listener, onReconnect);
    }

    @Override
    public Optional<ResourceUsage> usage(String id) {
        return engine.stats().usage(id);
    }

    @Override
    public Optional<ResourceUsage> cpuUsage(String id) {
        return engine.stats().cpuUsage(id);
    }

    @Override
    public AutoCloseable logs(String id, LogQuery query, LogReceiver receiver) {
        return engine.logs().logs(id, query, receiver);
    }

    /** Log reads in progress: a closed follow frees its engine stream. */
    int openLogReads() {
        return engine.logs().open();
    }

    @Override
    public void ping() {
        engine.ping();
    }

    @Override
    public OptionalLong memoryTotal() {
        return info.memTotal();
    }

    @Override
    public void close() {
        engine.close();
    }
}
