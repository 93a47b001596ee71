package io.mcpfleet.manager.lifecycle;

import java.time.Instant;

/**
 * One resource sample of a running container.
 *
 * @param memoryBytes memory in use, page cache excluded (as {@code docker stats} shows it)
 * @param cpuCores    CPU use over the last sample interval, in cores (1.0 = one core busy)
 * @param sampledAt   when the sample was taken
 */
public record ResourceUsage(long memoryBytes, double cpuCores, Instant sampledAt) {
}
