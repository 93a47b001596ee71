package io.mcpfleet.mimic;

import java.time.Duration;
import java.util.List;

import io.modelcontextprotocol.spec.McpSchema.CallToolResult;

/** Tools about time and death: slow, hang, crash. */
final class TimingTools {

    static final long MAX_SLOW_MS = Duration.ofHours(1).toMillis();
    static final Duration CRASH_DELAY = Duration.ofMillis(50);

    private final Lifecycle lifecycle;

    TimingTools(Lifecycle lifecycle) {
        this.lifecycle = lifecycle;
    }

    List<MimicTool> tools() {
        return List.of(
                new MimicTool(Definition.tool("slow", "Waits ms milliseconds, then answers.")
                        .number("ms", "how long to wait (default 1000)", 0, MAX_SLOW_MS)
                        .annotations(Definition.readOnly())
                        .build(), false, this::slow),
                new MimicTool(Definition.tool("hang", "Never answers, until the mimic stops.")
                        .annotations(Definition.readOnly())
                        .build(), false, this::hang),
                new MimicTool(Definition.tool("crash",
                                "Answers, then the mimic dies about 50 ms later (exit status 1 in a container).")
                        .annotations(Definition.mutating(true))
                        .build(), false, this::crash));
    }

    private CallToolResult slow(ToolCall call) {
        long ms = call.arguments().number("ms", 1000, 0, MAX_SLOW_MS);
        lifecycle.sleep(Duration.ofMillis(ms));
        return Results.text("slept " + ms + " ms");
    }

    private CallToolResult hang(ToolCall call) {
        lifecycle.hang();
        throw new IllegalStateException("hang returned before the mimic stopped");
    }

    private CallToolResult crash(ToolCall call) {
        lifecycle.crashAfter(CRASH_DELAY);
        return Results.text("crashing in " + CRASH_DELAY.toMillis() + " ms");
    }
}
