package io.mcpfleet.router.registration;

import io.github.resilience4j.core.IntervalFunction;
import io.mcpfleet.router.registration.ContextForgeClient.Registration;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the router with the gateway as one federated MCP server (Streamable HTTP) and keeps it
 * registered. Idempotent: the registration is found by name and updated, or created when there is
 * none, so restarts and several routers leave one registration. Runs on its own thread after the
 * router is ready (the gateway calls the router back while it registers it), retries with
 * back-off until the gateway answers, and never holds up the router: MCP clients are served
 * whether or not the gateway is there.
 */
final class GatewayRegistrar implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayRegistrar.class);

    /** What an attempt did. */
    enum Outcome { CREATED, UPDATED, UNCHANGED }

    private final GatewayProperties properties;
    private final ContextForgeClient client;
    private final String routerToken;
    private final ScheduledExecutorService scheduler;
    private final Object lock = new Object();
    /** The wait after the n-th failed attempt in a row: doubling from retry-min to retry-max, each 80-120 %. */
    private final IntervalFunction backoff;
    private int failures;
    private String lastFailure;
    /** Until one attempt succeeds, an existing registration is updated (a new token, a new URL). */
    private boolean refresh = true;
    private volatile boolean registered;
    private volatile boolean started;

    GatewayRegistrar(GatewayProperties properties, ContextForgeClient client, String routerToken,
                     ScheduledExecutorService scheduler) {
        this.properties = properties;
        this.client = client;
        this.routerToken = routerToken == null || routerToken.isBlank() ? null : routerToken;
        this.scheduler = scheduler;
        // Randomized so that routers restarted together do not call the gateway in step (at the
        // cap the waits are equal, but the randomized ones before it have set them apart).
        this.backoff = IntervalFunction.ofExponentialRandomBackoff(properties.retryMin(), 2.0, 0.2,
                properties.retryMax());
    }

    /** Starts registering in the background; returns at once. */
    void start() {
        if (started) {
            return;
        }
        started = true;
        log.info("registering with gateway {} as '{}' ({})", properties.safeUrl(), properties.name(),
                properties.advertisedUrl());
        scheduler.execute(this::attempt);
    }

    /** Whether the last attempt left the router registered. */
    boolean registered() {
        return registered;
    }

    /**
     * One pass: finds the registration by name, creates or updates it as needed. Throws what the
     * gateway answered, or why it could not be reached.
     */
    Outcome registerOnce() throws IOException, InterruptedException {
        synchronized (lock) {
            Outcome outcome = reconcile();
            refresh = false;
            registered = true;
            return outcome;
        }
    }

    private Outcome reconcile() throws IOException, InterruptedException {
        Optional<Registration> existing = find();
        if (existing.isEmpty()) {
            try {
                Registration created = client.create(body());
                log.info("registered with gateway {} as '{}' (id {})", properties.safeUrl(), properties.name(),
                        created.id());
                return Outcome.CREATED;
            } catch (GatewayApiException e) {
                // Another router (or an earlier attempt whose answer was lost) registered the name
                // meanwhile: update that one instead.
                existing = e.status() == 409 ? find() : Optional.empty();
                if (existing.isEmpty()) {
                    throw e;
                }
            }
        }
        Registration found = existing.get();
        if (!refresh && sameTarget(found)) {
            return Outcome.UNCHANGED;
        }
        client.update(found.id(), body());
        log.info("updated the registration '{}' (id {}) with gateway {}", properties.name(), found.id(),
                properties.safeUrl());
        return Outcome.UPDATED;
    }

    private Optional<Registration> find() throws IOException, InterruptedException {
        List<Registration> all = client.list();
        return all.stream().filter(r -> properties.name().equals(r.name())).findFirst();
    }

    private boolean sameTarget(Registration found) {
        return trailingSlashless(properties.advertisedUrl()).equals(trailingSlashless(found.url()))
                && (found.transport() == null || GatewayProperties.TRANSPORT.equalsIgnoreCase(found.transport()));
    }

    private static String trailingSlashless(String url) {
        String u = Objects.requireNonNullElse(url, "");
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    /** ContextForge's GatewayCreate / GatewayUpdate: how the gateway reaches and authenticates to the router. */
    private Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", properties.name());
        body.put("url", properties.advertisedUrl());
        body.put("description", properties.description());
        body.put("transport", GatewayProperties.TRANSPORT);
        if (routerToken != null) {
            body.put("auth_type", "bearer");
            body.put("auth_token", routerToken);
        }
        return body;
    }

    private void attempt() {
        try {
            registerOnce();
            lastFailure = null;
            failures = 0;
            Duration recheck = properties.recheckInterval();
            if (!recheck.isZero()) {
                schedule(recheck);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            registered = false;
            if (scheduler.isShutdown()) {
                return; // closing: the failure is the interrupted call, not the gateway
            }
            String why = reason(e);
            Duration wait = Duration.ofMillis(backoff.apply(++failures));
            if (!why.equals(lastFailure)) {
                log.warn("cannot register with gateway {} yet ({}); retrying in {} ms, then less often (at most every {} ms)",
                        properties.safeUrl(), why, wait.toMillis(), properties.retryMax().toMillis());
                lastFailure = why;
            } else {
                log.debug("gateway {} still unavailable ({}); next attempt in {} ms", properties.safeUrl(), why,
                        wait.toMillis());
            }
            schedule(wait);
        }
    }

    private void schedule(Duration delay) {
        if (!scheduler.isShutdown()) {
            scheduler.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** Why an attempt failed, in words safe for the log: never a credential, never a body sent. */
    private static String reason(Exception e) {
        if (e instanceof GatewayApiException) {
            return e.getMessage();
        }
        if (e instanceof java.net.ConnectException) {
            return "nothing answers there yet (connection refused)";
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time (" + e.getMessage() + ")";
        }
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
