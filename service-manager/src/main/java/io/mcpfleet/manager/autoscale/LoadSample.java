package io.mcpfleet.manager.autoscale;

import java.time.Instant;

/**
 * One second's load of a service.
 *
 * @param at       when it was taken
 * @param inFlight calls in flight over every router (held calls of a waking service included)
 * @param cpuCores CPU in use over the service's running instances, in cores; {@code NaN} when no
 *                 instance has a sample yet (unknown, which is not zero)
 */
record LoadSample(Instant at, double inFlight, double cpuCores) {
}
