package io.mcpfleet.manager.lifecycle;

import java.time.Instant;

/**
 * One line a container wrote, as the engine kept it.
 *
 * @param time   when the engine received it
 * @param stream {@code stdout} or {@code stderr}
 * @param text   the line without its line break
 */
public record OutputLine(Instant time, String stream, String text) {

    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
}
