package io.mcpfleet.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian's {@code wrk} driving {@code tools/call} in one MCP session (a Lua script sets the headers). */
final class Wrk {

    /** What one run measured. */
    record Result(double callsPerSecond, double p50Millis, double p99Millis, long calls, long errors) {
    }

    private static final String SCRIPT = """
            -- tools/call of one tool in one MCP session (MCP_SESSION, MCP_TOOL from the environment)
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Accept"] = "application/json, text/event-stream"
            wrk.headers["Mcp-Session-Id"] = os.getenv("MCP_SESSION")
            wrk.headers["MCP-Protocol-Version"] = "2025-11-25"
            wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. os.getenv("MCP_TOOL")
              .. '","arguments":{"text":"hello"}}}'
            """;
    /** The same call as a 2026-07-28 client makes it: no session, version and capabilities in _meta, mirrored headers. */
    private static final String MODERN_SCRIPT = """
            -- tools/call of one tool at MCP 2026-07-28 (MCP_TOOL from the environment)
            wrk.method = "POST"
            wrk.headers["Content-Type"] = "application/json"
            wrk.headers["Accept"] = "application/json, text/event-stream"
            wrk.headers["MCP-Protocol-Version"] = "2026-07-28"
            wrk.headers["Mcp-Method"] = "tools/call"
            wrk.headers["Mcp-Name"] = os.getenv("MCP_TOOL")
            wrk.body = '{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"' .. os.getenv("MCP_TOOL")
              .. '","arguments":{"text":"hello"},"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28",'
              .. '"io.modelcontextprotocol/clientCapabilities":{}}}}'
            """;
    private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+([0-9.]+)");
    private static final Pattern CALLS = Pattern.compile("(\\d+) requests in");
    private static final Pattern NON_2XX = Pattern.compile("Non-2xx or 3xx responses: (\\d+)");
    private static final Pattern SOCKET = Pattern.compile("Socket errors: connect (\\d+), read (\\d+), write (\\d+), timeout (\\d+)");

    private final Path script;
    private final Path modernScript;
    private final Path logs;

    Wrk(Path work) {
        this.script = work.resolve("call.lua");
        this.modernScript = work.resolve("call-modern.lua");
        this.logs = work.resolve("logs");
        try {
            Files.writeString(script, SCRIPT, StandardCharsets.UTF_8);
            Files.writeString(modernScript, MODERN_SCRIPT, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** @param session the 2025 session to call in, or {@code null} for 2026-07-28 calls (no session) */
    Result run(String url, String session, String tool, int connections, int seconds) {
        List<String> command = new ArrayList<>(List.of("wrk", "-t" + Math.min(2, connections), "-c" + connections,
                "-d" + seconds + "s", "--latency", "-s", (session == null ? modernScript : script).toString(), url));
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true);
        if (session != null) {
            b.environment().put("MCP_SESSION", session);
        }
        b.environment().put("MCP_TOOL", tool);
        try {
            Process p = b.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("wrk failed: " + out);
            }
            Files.writeString(logs.resolve("wrk.log"), "== " + url + " c=" + connections + "\n" + out + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
            return parse(out);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot run wrk (apt-get install -y wrk)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result parse(String out) {
        long errors = 0;
        Matcher m = NON_2XX.matcher(out);
        if (m.find()) {
            errors += Long.parseLong(m.group(1));
        }
        m = SOCKET.matcher(out);
        if (m.find()) {
            for (int i = 1; i <= 4; i++) {
                errors += Long.parseLong(m.group(i));
            }
        }
        return new Result(number(RPS, out), percentile("50%", out), percentile("99%", out), (long) number(CALLS, out),
                errors);
    }

    private static double number(Pattern p, String out) {
        Matcher m = p.matcher(out);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /** A latency percentile line ({@code 50%  1.23ms}) in milliseconds. */
    private static double percentile(String label, String out) {
        Matcher m = Pattern.compile("\\s" + Pattern.quote(label) + "\\s+([0-9.]+)(us|ms|s)").matcher(out);
        if (!m.find()) {
            return Double.NaN;
        }
        double v = Double.parseDouble(m.group(1));
        return switch (m.group(2)) {
            case "us" -> v / 1000;
            case "s" -> v * 1000;
            default -> v;
        };
    }
}
