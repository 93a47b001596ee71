package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Statistics;
import io.mcpfleet.manager.lifecycle.ResourceUsage;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ResourceSamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    // trimmed from a real cgroup v1 sample of this engine (Docker 20.10)
    private static final String CGROUP_V1 = """
            {"read":"2026-11-27T07:45:02.005428829Z","preread":"2026-11-27T07:45:00.999801476Z",
             "cpu_stats":{"cpu_usage":{"total_usage":1032909518,"percpu_usage":[19236994,13672524]},
                          "system_cpu_usage":997780000000,"online_cpus":2},
             "precpu_stats":{"cpu_usage":{"total_usage":32891090},"system_cpu_usage":995780000000,"online_cpus":2},
             "memory_stats":{"usage":524288,"stats":{"cache":12288,"total_inactive_file":24288,"inactive_file":0}}}
            """;

    private static Statistics sample(String json) throws Exception {
        return JSON.readValue(json, Statistics.class);
    }

    @Test
    void cpuIsContainerTimeOverHostTimeTimesCpus() throws Exception {
        // no previous reading: the engine's own two (an engine before API 1.41 ignores one-shot)
        ResourceUsage usage = ResourceSamples.usage(sample(CGROUP_V1), null, Instant.EPOCH).orElseThrow();

        // 1.000018428 s of container CPU over 2 s of host CPU time on 2 CPUs: one core busy
        assertThat(usage.cpuCores()).isCloseTo(1.0, within(0.001));
        assertThat(usage.sampledAt()).isEqualTo(Instant.parse("2026-11-27T07:45:02.005428829Z"));
    }

    @Test
    void memoryLeavesOutInactiveFileCacheOnCgroupV1() throws Exception {
        ResourceUsage usage = ResourceSamples.usage(sample(CGROUP_V1), null, Instant.EPOCH).orElseThrow();

        assertThat(usage.memoryBytes()).isEqualTo(524288 - 24288);
    }

    @Test
    void memoryLeavesOutInactiveFileOnCgroupV2() throws Exception {
        Statistics v2 = sample(CGROUP_V1.replace("\"total_inactive_file\":24288,", "")
                .replace("\"inactive_file\":0", "\"inactive_file\":4096"));

        assertThat(ResourceSamples.memoryWithoutCache(v2.getMemoryStats())).isEqualTo(524288 - 4096);
    }

    @Test
    void firstSampleOfAStreamHasNoCpuFigureAndSoNoUsage() throws Exception {
        Statistics first = sample("""
                {"read":"2026-11-27T07:45:00.999801476Z","preread":"0001-01-01T00:00:00Z",
                 "cpu_stats":{"cpu_usage":{"total_usage":32891090},"system_cpu_usage":995810000000,"online_cpus":2},
                 "precpu_stats":{"cpu_usage":{"total_usage":0}},
                 "memory_stats":{"usage":524288,"stats":{}}}
                """);

        assertThat(ResourceSamples.usage(first, null, Instant.EPOCH)).isEmpty();
    }

    @Test
    void pausedContainerUsesNoCpu() throws Exception {
        Statistics paused = sample(CGROUP_V1.replace("1032909518", "32891090"));

        assertThat(ResourceSamples.usage(paused, null, Instant.EPOCH).orElseThrow().cpuCores()).isZero();
    }

    // a one-shot sample of this engine (Docker 20.10, one-shot=true): one reading, no precpu figures
    private static final String ONE_SHOT = """
            {"read":"2026-12-05T14:37:55.950168186Z","preread":"0001-01-01T00:00:00Z",
             "cpu_stats":{"cpu_usage":{"total_usage":%d,"percpu_usage":[101532363,31076136]},
                          "system_cpu_usage":%d,"online_cpus":2},
             "precpu_stats":{"cpu_usage":{"total_usage":0,"usage_in_kernelmode":0,"usage_in_usermode":0}},
             "memory_stats":{"usage":483328,"stats":{"total_inactive_file":4096}}}
            """;

    @Test
    void aOneShotSampleAloneHasNoCpuFigure() throws Exception {
        Statistics alone = sample(ONE_SHOT.formatted(132608499L, 75917430000000L));

        assertThat(ResourceSamples.usage(alone, null, Instant.EPOCH)).isEmpty();
    }

    @Test
    void cpuOfConsecutiveOneShotSamplesIsOverTheTimeBetweenThem() throws Exception {
        Statistics before = sample(ONE_SHOT.formatted(132608499L, 75917430000000L));
        // 10 s later on 2 CPUs: 20 s of host CPU time, 5 s of it the container's
        Statistics now = sample(ONE_SHOT.formatted(132608499L + 5_000_000_000L, 75917430000000L + 20_000_000_000L));

        ResourceUsage usage = ResourceSamples.usage(now, before.getCpuStats(), Instant.EPOCH).orElseThrow();

        assertThat(usage.cpuCores()).isCloseTo(0.5, within(0.001));
        assertThat(usage.memoryBytes()).isEqualTo(483328 - 4096);
    }
}
