package io.mcpfleet.mimic;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
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
 * @param jsonResponse answer {@code tools/call} of tools that send nothing before their result as
 *                     {@code application/json} instead of an SSE stream, like servers built with
 *                     the TypeScript SDK's {@code enableJsonResponse}; stateful mode only (the
 *                     stateless transport always answers JSON) [MIMIC_JSON_RESPONSE=true, default false]
 * @param bindAddress  the address to listen on [MIMIC_BIND_ADDRESS, default 0.0.0.0 from the
 *                     environment (a container), 127.0.0.1 from {@link #defaults()} (a test)]
 * @param modern       speak MCP 2026-07-28 only (no sessions, no {@code initialize}), on the Java SDK's
 *                     modern server [MIMIC_MODERN=true, default false]
 */
public record MimicOptions(int port, String mcpPath, String id, Set<String> tools, Duration startupDelay,
                           String healthPath, boolean stateless, int failEvery, boolean jsonResponse,
                           String bindAddress, boolean modern) {

    public static final int DEFAULT_PORT = 8000;
    public static final String DEFAULT_MCP_PATH = "/mcp";
    public static final int DEFAULT_FAIL_EVERY = 2;
    public static final String LOOPBACK = "127.0.0.1";
    public static final String ANY_ADDRESS = "0.0.0.0";

    public MimicOptions {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, not " + port);
        }
        requirePath("mcpPath", mcpPath);
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id must not be blank");
        }
        tools = Set.copyOf(Objects.requireNonNull(tools, "tools"));
        Objects.requireNonNull(startupDelay, "startupDelay");
        if (startupDelay.isNegative()) {
            throw new IllegalArgumentException("startupDelay must not be negative, not " + startupDelay);
        }
        if (healthPath != null) {
            requirePath("healthPath", healthPath);
            if (healthPath.equals(mcpPath)) {
                throw new IllegalArgumentException("healthPath must differ from mcpPath " + mcpPath);
            }
        }
        if (failEvery < 0) {
            throw new IllegalArgumentException("failEvery must be 0 (never) or more, not " + failEvery);
        }
        if (bindAddress == null || bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
    }

    /** The fields of the first version of this record; the newer ones take their test defaults. */
    public MimicOptions(int port, String mcpPath, String id, Set<String> tools, Duration startupDelay,
                        String healthPath, boolean stateless, int failEvery) {
        this(port, mcpPath, id, tools, startupDelay, healthPath, stateless, failEvery, false, LOOPBACK);
    }

    /** The fields before {@code modern}: a 2025 mimic. */
    public MimicOptions(int port, String mcpPath, String id, Set<String> tools, Duration startupDelay,
                        String healthPath, boolean stateless, int failEvery, boolean jsonResponse, String bindAddress) {
        this(port, mcpPath, id, tools, startupDelay, healthPath, stateless, failEvery, jsonResponse, bindAddress,
                false);
    }

    /** For tests in this JVM: a free port on 127.0.0.1, all tools, no delay, no health path, sessions. */
    public static MimicOptions defaults() {
        return new MimicOptions(0, DEFAULT_MCP_PATH, HostName.current(System.getenv()), Set.of(), Duration.ZERO,
                null, false, DEFAULT_FAIL_EVERY, false, LOOPBACK, false);
    }

    /**
     * For the container image: the variables named on each field, unset ones at their default.
     *
     * @throws IllegalArgumentException naming the variable whose value is wrong
     */
    public static MimicOptions fromEnvironment(Map<String, String> env) {
        return EnvironmentOptions.parse(env);
    }

    public MimicOptions withPort(int port) {
        return new MimicOptions(port, mcpPath, id, tools, startupDelay, healthPath, stateless, failEvery,
                jsonResponse, bindAddress, modern);
    }

    public MimicOptions withMcpPath(String mcpPath) {
        return new MimicOptions(port, mcpPath, id, tools, startupDelay, healthPath, stateless, failEvery,
                jsonResponse, bindAddress, modern);
    }

    public MimicOptions withId(String id) {
        return new MimicOptions(port, mcpPath, id, tools, startupDelay, healthPath, stateless, failEvery,
                jsonResponse, bindAddress, modern);
    }

    public MimicOptions withTools(String... tools) {
        return new MimicOptions(port, mcpPath, id, Set.of(tools), startupDelay, healthPath, stateless, failEvery,
                jsonResponse, bindAddress, modern);
    }

    public MimicOptions withStartupDelay(Duration startupDelay) {
        return new MimicOptions(port, mcpPath, id, tools, startupDelay, healthPath, stateless, failEvery,
                jsonResponse, bindAddress, modern);
    }

    public MimicOptions withHealthPath(String healthPath) {
        return new MimicOptions(port, mcpPath, id, tools, startupDelay, healthPath, stateless, failEvery,
                jsonResponse, bindAddress, modern);
    }

    public MimicOptions withStateless(boolean stateless) {
        return new MimicOptions(port, mcpPath, id, tools, startupDelay, healthPath, stateless, failEvery,
                jsonResponse, bindAddress, modern);
    }

    public MimicOptions withFailEvery(int failEvery) {
        return new MimicOptions(port, mcpPath, id, tools, startupDelay, healthPath, stateless, failEvery,
                jsonResponse, bindAddress, modern);
    }

    public MimicOptions withJsonResponse(boolean jsonResponse) {
        return new MimicOptions(port, mcpPath, id, tools, startupDelay, healthPath, stateless, failEvery,
                jsonResponse, bindAddress, modern);
    }

    public MimicOptions withBindAddress(String bindAddress) {
        return new MimicOptions(port, mcpPath, id, tools, startupDelay, healthPath, stateless, failEvery,
                jsonResponse, bindAddress, modern);
    }

    public MimicOptions withModern(boolean modern) {
        return new MimicOptions(port, mcpPath, id, tools, startupDelay, healthPath, stateless, failEvery,
                jsonResponse, bindAddress, modern);
    }

    private static void requirePath(String field, String path) {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException(field + " must start with /, not " + path);
        }
    }
}
