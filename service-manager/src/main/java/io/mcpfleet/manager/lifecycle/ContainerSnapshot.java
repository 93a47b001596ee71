package io.mcpfleet.manager.lifecycle;

import java.time.Instant;
import java.util.Map;

/**
 * A container as the engine reports it.
 *
 * @param id             full container id
 * @param name           name without the leading slash
 * @param labels         its labels
 * @param status         engine state
 * @param created        creation time
 * @param startedAt      last start time, or {@code null} if never started
 * @param exitCode       exit code when exited, else {@code null}
 * @param publishedPorts container port to host port, for ports published on the host
 */
public record ContainerSnapshot(String id, String name, Map<String, String> labels, ContainerStatus status,
                                Instant created, Instant startedAt, Integer exitCode,
                                Map<Integer, Integer> publishedPorts) {

    public ContainerSnapshot {
        labels = Map.copyOf(labels);
        publishedPorts = Map.copyOf(publishedPorts);
    }

    public String label(String key) {
        return labels.get(key);
    }
}
