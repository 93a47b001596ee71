package io.mcpfleet.mimic;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import io.modelcontextprotocol.spec.McpSchema.LoggingLevel;

/** Tools that send notifications on the call's stream before they answer: progress, log. */
final class StreamingTools {

    static final int MAX_STEPS = 10_000;
    static final long MAX_STEP_MS = 60_000;

    private final Lifecycle lifecycle;

    StreamingTools(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    List<MimicTool> tools() {
        List<String> levels = Arrays.stream(LoggingLevel.values()).map(l -> l.name().toLowerCase(Locale.ROOT))
                .toList();
        return List.of(
                new MimicTool(Definition.tool("progress",
                                "Sends notifications/progress for the call's progressToken, steps times, "
                                        + "ms apart, then answers.")
                        .number("steps", "how many notifications (default 3)", 0, MAX_STEPS)
                        .number("ms", "pause before each (default 50)", 0, MAX_STEP_MS)
                        .annotations(Definition.readOnly())
                        .build(), true, this::progress),
                new MimicTool(Definition.tool("log", "Sends a notifications/message at the level, then answers.")
                        .enumeration("level", "the logging level (default info)", levels)
                        .text("message", "the logged text (default 'hello from the mimic')")
                        .annotations(Definition.readOnly())
                        .build(), true, this::log));
    }

    private CallToolResult progress(ToolCall call) {
        int steps = (int) call.arguments().number("steps", 3, 0, MAX_STEPS);
        long ms = call.arguments().number("ms", 50, 0, MAX_STEP_MS);
        for (int step = 1; step <= steps; step++) {
            lifecycle.sleep(Duration.ofMillis(ms));
            call.progress(step, steps, "step " + step + " of " + steps);
        }
        return Results.text("done " + steps + " steps");
    }

    private CallToolResult log(ToolCall call) {
        String name = call.arguments().text("level", "info");
        LoggingLevel level;
        try {
            level = LoggingLevel.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw Arguments.invalid("level must be one of " + Arrays.toString(LoggingLevel.values()) + ", not " + name);
        }
        String message = call.arguments().text("message", "hello from the mimic");
        call.log(level, message);
        return Results.text("logged " + name + ": " + message);
    }
}
