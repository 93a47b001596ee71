package io.mcpfleet.manager.runtime;

import com.github.dockerjava.api.model.CpuStatsConfig;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StatsConfig;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import java.time.Instant;
import java.util.Optional;

/** The arithmetic of {@code docker stats}: one engine stats sample to a {@link ResourceUsage}. */
final class ResourceSamples {

    private ResourceSamples() {
    }

    /**
     * The CPU over the time since {@code before}, the CPU counters of the container's previous
     * reading (a one-shot sample has no {@code precpu_stats}); without one, over the engine's own two
     * readings if it took them (a request without {@code one-shot}). Empty when neither gives a
     * figure (a container's first one-shot reading): a CPU figure of 0 there would be a lie.
     */
    static Optional<ResourceUsage> usage(Statistics sample, CpuStatsConfig before, Instant receivedAt) {
        Double cores = cpuCores(sample.getCpuStats(), before);
        if (cores == null) {
            cores = cpuCores(sample.getCpuStats(), sample.getPreCpuStats());
        }
        if (cores == null) {
            return Optional.empty();
        }
        Instant read = ContainerInspect.instant(sample.getRead());
        return Optional.of(new ResourceUsage(memoryWithoutCache(sample.getMemoryStats()), cores,
                read == null ? receivedAt : read));
    }

    /**
     * Usage less the inactive page cache, as {@code docker stats} shows it: {@code total_inactive_file}
     * on cgroup v1, {@code inactive_file} on v2, {@code cache} from engines that report neither.
     */
    static long memoryWithoutCache(MemoryStatsConfig memory) {
        if (memory == null || memory.getUsage() == null) {
            return 0;
        }
        long usage = memory.getUsage();
        StatsConfig stats = memory.getStats();
        if (stats == null) {
            return usage;
        }
        Long cache = stats.getTotalInactiveFile() != null ? stats.getTotalInactiveFile()
                : stats.getInactiveFile() != null ? stats.getInactiveFile()
                : stats.getCache();
        return cache != null && cache < usage ? usage - cache : usage;
    }

    /** Cores busy between the two readings: container CPU time over host CPU time, times the host's CPUs. */
    static Double cpuCores(CpuStatsConfig now, CpuStatsConfig before) {
        if (now == null || before == null || now.getCpuUsage() == null || before.getCpuUsage() == null
                || now.getCpuUsage().getTotalUsage() == null || before.getCpuUsage().getTotalUsage() == null
                || now.getSystemCpuUsage() == null || before.getSystemCpuUsage() == null) {
            return null;
        }
        long systemDelta = now.getSystemCpuUsage() - before.getSystemCpuUsage();
        if (systemDelta <= 0) {
            return null;
        }
        long cpuDelta = Math.max(0, now.getCpuUsage().getTotalUsage() - before.getCpuUsage().getTotalUsage());
        long cpus = now.getOnlineCpus() != null && now.getOnlineCpus() > 0 ? now.getOnlineCpus()
                : now.getCpuUsage().getPercpuUsage() != null && !now.getCpuUsage().getPercpuUsage().isEmpty()
                ? now.getCpuUsage().getPercpuUsage().size() : 1;
        return (double) cpuDelta / systemDelta * cpus;
    }
}
