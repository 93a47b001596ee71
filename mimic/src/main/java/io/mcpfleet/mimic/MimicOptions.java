package io.mcpfleet.mimic;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How a mimic behaves. The environment variable of each field is named in brackets.
 *
 * @param port         HTTP port; 0 picks a free one [PORT, default 8000]
 * @param mcpPath      the MCP endpoint path [MIMIC_MCP_PATH, default /mcp]
 * @param id           an identifier returned by the {@code whoami} tool, so tests can see which
 *                     instance served a call [MIMIC_ID, default the host name]
 * @param tools        the tools to offer; empty: all of them [MIMIC_TOOLS, comma separated]
 * @param startupDelay how long to wait before listening, to play a slow-starting server [MIMIC_STARTUP_DELAY_MS]
 * @param healthPath   when set, a GET here answers 200 (most MCP servers have no such path) [MIMIC_HEALTH_PATH]
 * @param stateless    serve without sessions [MIMIC_STATELESS=true]
 * @param failEvery    the {@code flaky} tool fails every n-th call; 0 never [MIMIC_FAIL_EVERY, default 2]
 */
public record MimicOptions(int port, String mcpPath, String id, Set<String> tools, Duration startupDelay,
                           String healthPath, boolean stateless, int failEvery) {

    public static MimicOptions defaults() {
        throw new UnsupportedOperationException("to be written");
    }

    public static MimicOptions fromEnvironment(Map<String, String> env) {
        throw new UnsupportedOperationException("to be written");
    }
}
