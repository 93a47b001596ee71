package io.mcpfleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The fast backend of the overhead runs: the minimal Node MCP server of {@code bench/node} when
 * node is installed (it costs the least CPU, so the proxies are what is measured), else the
 * mimic answering plain JSON.
 */
final class Backend implements AutoCloseable {

    final int port;
    final String kind;
    private final Proc proc;

    private Backend(Proc proc, int port, String kind) {
        this.proc = proc;
        this.port = port;
        this.kind = kind;
    }

    static Backend start(Setup setup) {
        int port = Setup.freePort();
        Path script = setup.repo().resolve("bench/node/echo-server.js");
        Proc p;
        String kind;
        if (onPath("node")) {
            p = Proc.start("backend-node", List.of("node", script.toString()),
                    Map.of("PORT", Integer.toString(port), "HOST", "127.0.0.1"), setup.work(), setup.logs());
            kind = "minimal Node MCP server (bench/node/echo-server.js)";
        } else {
            p = Proc.start("backend-mimic", List.of(setup.java(), "-jar",
                            setup.repo().resolve("mimic/target/mimic-exec.jar").toString()),
                    Map.of("PORT", Integer.toString(port), "MIMIC_JSON_RESPONSE", "true", "MIMIC_BIND_ADDRESS", "127.0.0.1",
                            "MIMIC_ID", "echo-1"), setup.work(), setup.logs());
            kind = "mimic, JSON answers (node not installed)";
        }
        Backend b = new Backend(p, port, kind);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try (Mcp probe = Mcp.open("127.0.0.1", port, "/mcp", 2000)) {
                return b;
            } catch (java.io.IOException e) {
                if (System.nanoTime() > deadline) {
                    b.close();
                    throw new IllegalStateException("the backend did not start: " + p.tail(20));
                }
                Sleep.millis(50);
            }
        }
    }

    long cpuNanos() {
        return proc.cpuNanos();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(":")) {
            if (Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        proc.close();
    }
}
