package io.mcpfleet.router.routing;

import io.mcpfleet.router.catalog.Routable;
import io.mcpfleet.router.failure.Reason;
import io.mcpfleet.router.failure.RouteFailure;
import io.mcpfleet.router.resilience.Breakers;
import java.util.ArrayList;
import java.util.List;

/**
 * Chooses an instance for an attempt: among those not excluded whose breaker lets calls through,
 * the one the service's balancer picks. When none is left it says why: the last failure, every
 * circuit open (and when the next probe may go), or no healthy instance left to try.
 */
final class InstancePicker {

    private final Breakers breakers;

    InstancePicker(Breakers breakers) {
        this.breakers = breakers;
    }

    /**
     * @param all      the route's backends (not empty)
     * @param excluded ids of instances not to pick
     * @param last     the call's last failure, thrown when nothing is left, or {@code null}
     * @throws RouteFailure when no instance is eligible
     */
    Backend choose(ServiceRoutes.Route route, List<Backend> all, List<String> excluded, Routable target,
                   RouteFailure last) {
        List<Backend> candidates = new ArrayList<>(all.size());
        long retryAfter = Long.MAX_VALUE;
        for (Backend b : all) {
            if (excluded.contains(b.id())) {
                continue;
            }
            if (breakers.eligible(b.breaker)) {
                candidates.add(b);
            } else {
                retryAfter = Math.min(retryAfter, breakers.retryAfterMillis(b.breaker));
            }
        }
        if (!candidates.isEmpty()) {
            return route.balancer().pick(candidates);
        }
        if (last != null) {
            throw last;
        }
        String service = target.service();
        if (retryAfter != Long.MAX_VALUE) {
            throw new RouteFailure(Reason.CIRCUIT_OPEN, service, target.nameAtService(), "every instance of service "
                    + service + " is failing (circuit open); try again in " + retryAfter + " ms", retryAfter, null);
        }
        throw new RouteFailure(Reason.NO_HEALTHY_INSTANCE, service, target.nameAtService(),
                "no healthy instance of service " + service + " is left to try", 1000L, null);
    }
}
