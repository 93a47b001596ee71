package io.mcpfleet.router.resilience;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.mcpfleet.router.config.RouterProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One circuit breaker per instance, all from one registry. An open breaker keeps its instance
 * out of rotation; once the wait is over the instance is eligible again and the next call
 * through it is a half-open probe. Time comes from the injected clock, so no scheduler thread is
 * needed and tests move time instead of sleeping.
 */
public class Breakers {

    private static final Logger log = LoggerFactory.getLogger(Breakers.class);

    private final CircuitBreakerRegistry registry;
    private final Clock clock;
    private final Duration waitInOpen;
    private final Map<String, Long> openedAt = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> opened = new ConcurrentHashMap<>();

    public Breakers(RouterProperties.Breaker settings, Clock clock) {
        this.clock = clock;
        this.waitInOpen = settings.waitInOpenState();
        CircuitBreakerConfig config = CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRateThreshold())
                .waitDurationInOpenState(waitInOpen)
                .permittedNumberOfCallsInHalfOpenState(settings.permittedCallsHalfOpen())
                .clock(clock)
                .build();
        this.registry = CircuitBreakerRegistry.of(config);
    }

    CircuitBreakerRegistry registry() {
        return registry;
    }

    /** The breaker of an instance (created on first use). */
    public CircuitBreaker of(String service, String instanceId) {
        CircuitBreaker breaker = registry.find(instanceId).orElse(null);
        if (breaker != null) {
            return breaker;
        }
        breaker = registry.circuitBreaker(instanceId, Map.of("service", service));
        CircuitBreaker b = breaker;
        breaker.getEventPublisher().onStateTransition(e -> {
            switch (e.getStateTransition().getToState()) {
                case OPEN -> {
                    openedAt.put(instanceId, clock.millis());
                    opened.computeIfAbsent(service, k -> new LongAdder()).increment();
                    log.warn("instance {} of service {} taken out of rotation: circuit open after failures "
                            + "(failure rate {}%)", instanceId, service, b.getMetrics().getFailureRate());
                }
                case HALF_OPEN -> log.info("instance {} of service {}: circuit half-open, probing", instanceId, service);
                case CLOSED -> {
                    openedAt.remove(instanceId);
                    log.info("instance {} of service {} back in rotation: circuit closed", instanceId, service);
                }
                default -> {
                }
            }
        });
        return breaker;
    }

    /** How many instances of the service have their breaker in {@code state} now (for metrics, by service). */
    public int count(String service, CircuitBreaker.State state) {
        int n = 0;
        for (CircuitBreaker breaker : registry.getAllCircuitBreakers()) {
            if (breaker.getState() == state && service.equals(breaker.getTags().get("service"))) {
                n++;
            }
        }
        return n;
    }

    /** How many times a breaker of the service has opened (its instances come and go; the count stays). */
    public long openings(String service) {
        LongAdder n = opened.get(service);
        return n == null ? 0 : n.sum();
    }

    /** Forgets a service the fleet no longer has. */
    public void forgetService(String service) {
        opened.remove(service);
    }

    /** Whether the instance may be chosen: its breaker is not open, or its open wait is over (a probe). */
    public boolean eligible(CircuitBreaker breaker) {
        CircuitBreaker.State state = breaker.getState();
        if (state == CircuitBreaker.State.FORCED_OPEN) {
            return false;
        }
        return state != CircuitBreaker.State.OPEN || retryAfterMillis(breaker) == 0;
    }

    /** Milliseconds until an open breaker lets a probe through (0 when it would now). */
    public long retryAfterMillis(CircuitBreaker breaker) {
        Long opened = openedAt.get(breaker.getName());
        if (opened == null) {
            return 0;
        }
        return Math.max(0, opened + waitInOpen.toMillis() - clock.millis());
    }

    /** Forgets an instance that left the fleet (its metrics go with it). */
    public void remove(String instanceId) {
        registry.remove(instanceId);
        openedAt.remove(instanceId);
    }
}
