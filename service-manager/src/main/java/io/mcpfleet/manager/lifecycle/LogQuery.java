package io.mcpfleet.manager.lifecycle;

import java.time.Instant;

/**
 * Which output of a container {@link ContainerRuntime#logs} reads.
 *
 * @param tail   at most this many of the latest lines (before {@code follow} begins), or {@code null} for all
 * @param since  only lines written at or after this time, or {@code null} for all
 * @param follow whether to keep streaming new lines after those, until the handle is closed or the container stops
 * @param stdout whether stdout is read too (not for a stdio server: its stdout is the MCP traffic,
 *               callers' requests and answers, which is neither a log nor anyone else's to read)
 */
public record LogQuery(Integer tail, Instant since, boolean follow, boolean stdout) {

    /** stdout and stderr. */
    public LogQuery(Integer tail, Instant since, boolean follow) {
        this(tail, since, follow, true);
    }

    /** The same query, reading stdout only if {@code stdout}. */
    public LogQuery withStdout(boolean stdout) {
        return new LogQuery(tail, since, follow, stdout);
    }

    public LogQuery {
        if (tail != null && tail < 0) {
            throw new IllegalArgumentException("tail must not be negative, got " + tail);
        }
    }
}
