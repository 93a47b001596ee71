package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.DockerClient;
import io.mcpfleet.manager.lifecycle.ContainerEvent;
import io.mcpfleet.manager.lifecycle.EngineUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What both runtimes hold of the local engine, whichever way they run instances on it: the request
 * and stream clients, the event subscriptions, the stats samples (ticked on a scheduler of its own)
 * and the log reads, all of them about containers of this engine. {@link DockerContainerRuntime} and
 * {@link SwarmContainerRuntime} keep only what differs (containers or services, and which container an
 * instance id names).
 */
final class EngineLink implements AutoCloseable {

    /** How often due stats samples are requested: a second, so that they spread over the sampling interval. */
    private static final Duration STATS_TICK = Duration.ofSeconds(1);

    private final DockerClient requests;
    private final DockerClient streams;
    private final boolean ownsClients;
    private final String engine;
    private final ScheduledExecutorService scheduler;
    private final Set<EventSubscription> subscriptions = ConcurrentHashMap.newKeySet();
    private final ContainerStats stats;
    private final ContainerLogs logs;

    /**
     * @param ownsClients whether {@link #close()} closes the clients too
     * @param engine      how errors name the engine, e.g. {@code engine at unix:///var/run/docker.sock}
     * @param threadName  the name of the scheduler's thread (events reconnects, stats ticks)
     */
    EngineLink(DockerClient requests, DockerClient streams, boolean ownsClients, String engine, ContainerNames names,
               Clock clock, Duration statsIdleAfter, String threadName) {
        this.requests = requests;
        this.streams = streams;
        this.ownsClients = ownsClients;
        this.engine = engine;
        this.stats = new ContainerStats(requests, clock, statsIdleAfter);
        this.logs = new ContainerLogs(requests, streams, names, clock);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, threadName);
            thread.setDaemon(true);
            return thread;
        });
        scheduler.scheduleWithFixedDelay(stats::tick, STATS_TICK.toMillis(), STATS_TICK.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    DockerClient requests() {
        return requests;
    }

    DockerClient streams() {
        return streams;
    }

    String engine() {
        return engine;
    }

    /** Stats samples of this engine's containers. */
    ContainerStats stats() {
        return stats;
    }

    /** Log reads of this engine's containers. */
    ContainerLogs logs() {
        return logs;
    }

    /** Events of this engine's containers with the given labels; closing the result ends the subscription. */
    AutoCloseable subscribe(Map<String, String> labels, Consumer<ContainerEvent> listener, Runnable onReconnect) {
        EventSubscription subscription = EventSubscription.open(streams, labels, listener, onReconnect, scheduler);
        subscriptions.add(subscription);
        return () -> {
            subscriptions.remove(subscription);
            subscription.close();
        };
    }

    void ping() {
        try {
            requests.pingCmd().exec();
        } catch (RuntimeException e) {
            // an engine that answers ping with an error is as good as absent
            throw new EngineUnavailableException("ping", engine, e);
        }
    }

    /** Ends every subscription, stats request and log read, and the clients when this link made them. */
    @Override
    public void close() {
        subscriptions.forEach(EventSubscription::close);
        subscriptions.clear();
        stats.close();
        logs.close();
        scheduler.shutdownNow();
        if (ownsClients) {
            Closing.quietly(requests);
            Closing.quietly(streams);
        }
    }
}
