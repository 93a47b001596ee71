package io.mcpfleet.manager.events;

import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.manager.lifecycle.LifecycleListener;
import io.mcpfleet.manager.lifecycle.ServiceSnapshot;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns lifecycle changes into {@link FleetEvent}s and hands them to every subscriber (the
 * {@code /events} streams). Subscribers are called on the service's worker thread and must only
 * enqueue.
 */
public final class FleetEvents implements LifecycleListener {

    private static final Logger LOG = LoggerFactory.getLogger(FleetEvents.class);

    private final Clock clock;
    private final AtomicLong seq = new AtomicLong();
    private final List<Consumer<FleetEvent>> subscribers = new CopyOnWriteArrayList<>();

    public FleetEvents(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void changed(ServiceSnapshot snapshot, String type, String instanceId, String reason, String message) {
        FleetEvent event = of(snapshot, type, instanceId, reason, message);
        LOG.debug("{} {} {} {}", event.service(), event.type(), event.reason(), event.message());
        for (Consumer<FleetEvent> s : subscribers) {
            s.accept(event);
        }
    }

    /** An event describing a service as it is now (what a new subscriber gets first). */
    public FleetEvent of(ServiceSnapshot snapshot, String type, String instanceId, String reason, String message) {
        List<RoutableInstance> routable = snapshot.routable().stream()
                .map(i -> new RoutableInstance(i.id(), i.endpoint(), snapshot.spec().stdioTransport()))
                .toList();
        return new FleetEvent(seq.incrementAndGet(), clock.instant(), type, snapshot.name(), snapshot.state(),
                instanceId, reason, message, routable);
    }

    /** Adds a subscriber; closing the handle removes it. */
    public AutoCloseable subscribe(Consumer<FleetEvent> subscriber) {
        subscribers.add(subscriber);
        return () -> subscribers.remove(subscriber);
    }

    public int subscriberCount() {
        return subscribers.size();
    }
}
