package io.mcpfleet.router.discovery;

import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.ServiceInstances;
import io.mcpfleet.api.ServiceSummary;
import io.mcpfleet.router.config.RouterProperties;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps {@link FleetView} in step with the manager: the event stream for changes within
 * milliseconds, a full resync at start, after every reconnect and periodically. When the manager
 * cannot be reached the view is left as it is, so calls keep going to the instances it knows.
 */
@Component
class FleetSync implements SmartLifecycle, FleetDirectory.Listener {

    private static final Logger log = LoggerFactory.getLogger(FleetSync.class);

    private final FleetDirectory directory;
    private final FleetView view;
    private final ScheduledExecutorService scheduler;
    private final RouterProperties.Discovery settings;
    private final AtomicBoolean warned = new AtomicBoolean();
    private volatile AutoCloseable subscription;
    private volatile ScheduledFuture<?> resyncTask;

    FleetSync(FleetDirectory directory, FleetView view, ScheduledExecutorService routerScheduler,
              RouterProperties properties) {
        this.directory = directory;
        this.view = view;
        this.scheduler = routerScheduler;
        this.settings = properties.discovery();
    }

    @Override
    public void start() {
        subscription = directory.subscribe(this);
        long every = settings.resyncInterval().toMillis();
        resyncTask = scheduler.scheduleWithFixedDelay(this::resyncQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledFuture<?> task = resyncTask;
        if (task != null) {
            task.cancel(false);
        }
        AutoCloseable s = subscription;
        if (s != null) {
            try {
                s.close();
            } catch (Exception e) {
                log.debug("closing the event subscription failed", e);
            }
        }
        subscription = null;
    }

    @Override
    public boolean isRunning() {
        return subscription != null;
    }

    @Override
    public void onEvent(FleetEvent event) {
        view.apply(event);
    }

    @Override
    public void onConnected() {
        scheduler.execute(this::resyncQuietly);
    }

    /** One full resync: every service's settings and state, then the instances of those with healthy replicas. */
    public void resync() {
        long mark = view.eventMark();
        List<ServiceSummary> summaries = directory.services();
        view.applySummaries(summaries, mark);
        for (ServiceSummary summary : summaries) {
            if (summary.healthyReplicas() > 0) {
                ServiceInstances instances = directory.instances(summary.name());
                view.applyInstances(summary.name(), instances.state(), instances.instances(), mark);
            } else {
                view.applyInstances(summary.name(), summary.state(), List.of(), mark);
            }
        }
    }

    private synchronized void resyncQuietly() {
        try {
            resync();
            if (warned.getAndSet(false)) {
                log.info("manager reachable again; fleet view resynced");
            }
        } catch (DirectoryException e) {
            if (!warned.getAndSet(true)) {
                log.warn("cannot resync with the manager ({}); keeping the instances known so far", e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("resync with the manager failed", e);
        }
    }
}
