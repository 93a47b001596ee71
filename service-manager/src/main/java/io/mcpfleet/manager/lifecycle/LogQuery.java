package io.mcpfleet.manager.lifecycle;

import java.time.Instant;

/**
 * Which output of a container {@link ContainerRuntime#logs} reads.
 *
 * @param tail   at most this many of the latest lines (before {@code follow} begins), or {@code null} for all
 * @param since  only lines written at or after this time, or {@code null} for all
 * @param follow whether to keep streaming new lines after those, until the handle is closed or the container stops
 */
public record LogQuery(Integer tail, Instant since, boolean follow) {

    public LogQuery {
        if (tail != null && tail < 0) {
            throw new IllegalArgumentException("tail must not be negative, got " + tail);
        }
    }
}
