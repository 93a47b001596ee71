package io.mcpfleet.bench;

import io.mcpfleet.testsupport.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The services.yml files the suite runs its managers with. */
final class FleetFiles {

    static final String MIMIC = TestImages.MIMIC;
    static final String BUSYBOX = TestImages.BUSYBOX;
    /** The tiny stdio server of the stdio scenario ({@code scripts/test-images.sh stdio-echo}). */
    static final String STDIO_ECHO = "mcpfleet-test/stdio-echo:latest";
    /** Its script, for the baseline that runs it over its own pipes. */
    static final String STDIO_ECHO_SCRIPT = "test-support/src/main/resources/io/mcpfleet/testsupport/stdio-echo.js";
    /** The stdio service whose throughput is measured. */
    static final String STDIO_SERVICE = "stdio-echo";
    /** Services whose memory is compared awake and asleep. */
    static final int MEMORY_SERVICES = 6;

    private static final String MIMIC_SERVICE = """
              %s:
                image: %s
                port: 8000
                environment: {MIMIC_JSON_RESPONSE: "true"}
                tools: [{name: echo}, {name: whoami}]
            """;

    /** {@code scale}: busybox, up to five instances, never asleep. */
    private static final String SCALE_SERVICE = """
              scale:
                image: %s
                port: 8000
                health: {type: http, path: /}
                replicas: {max: 5}
                sleep_policy: {enabled: false}
                tools: [{name: noop}]
            """;

    private FleetFiles() {
    }

    /**
     * The scenario fleet: {@code cold} (sleeps in stop mode after 1 s idle), {@code warm} (pause
     * mode), {@code herd}, {@code disco} (stateless, scaled for discovery), {@code scale} (busybox),
     * {@code mem-1..n} (memory awake and asleep), {@code api-*} (woken through the API alone), and the
     * stdio echo server as {@code stdio-echo}, {@code stdio-cold} (stop mode) and {@code stdio-warm} (pause mode).
     * Tools are declared so the router does not start services to learn them.
     */
    static Path scenarios(Setup setup) {
        StringBuilder b = new StringBuilder("""
                # written by bench/run.sh
                defaults:
                  auto_start: false
                  resources: {memory: 256MB}
                services:
                """);
        sleeper(b, "cold", "stop", "1s");
        sleeper(b, "warm", "pause", "1s");
        sleeper(b, "herd", "stop", "1s");
        b.append(MIMIC_SERVICE.formatted("disco", MIMIC)).append("""
                    mcp: {sessions: stateless}
                    routing: {balancing: round_robin}
                    replicas: {max: 3}
                    sleep_policy: {enabled: false}
                """);
        b.append(SCALE_SERVICE.formatted(BUSYBOX));
        for (int i = 1; i <= MEMORY_SERVICES; i++) {
            sleeper(b, "mem-" + i, "stop", "10s");
        }
        b.append("""
                  %s:
                    image: %s
                    transport: stdio
                    sleep_policy: {enabled: false}
                    stdio: {max_in_flight: 256}
                    tools: [{name: echo}]
                """.formatted(STDIO_SERVICE, STDIO_ECHO));
        for (String[] sleeper : new String[][] {{"stdio-cold", "stop"}, {"stdio-warm", "pause"}}) {
            b.append("""
                      %s:
                        image: %s
                        transport: stdio
                        sleep_policy: {idle_timeout: 1s, mode: %s}
                        tools: [{name: echo}]
                    """.formatted(sleeper[0], STDIO_ECHO, sleeper[1]));
        }
        // Woken through the API alone (ManagerWakeScenario); asleep 1 s after they are ready, as nothing
        // calls them through the router. busybox is probed over HTTP, once also every 10 ms while it starts.
        apiSleeper(b, "api-bb-stop", BUSYBOX, "stop", "health: {type: http, path: /}");
        apiSleeper(b, "api-bb-fast", BUSYBOX, "stop", "health: {type: http, path: /, startup_interval: 10ms}");
        apiSleeper(b, "api-bb-pause", BUSYBOX, "pause", "health: {type: http, path: /}");
        apiSleeper(b, "api-mimic-stop", MIMIC, "stop", "");
        apiSleeper(b, "api-mimic-pause", MIMIC, "pause", "");
        return write(setup, "scenarios.yml", b.toString());
    }

    /** {@code total} busybox services, the first {@code running} of them started with the manager. */
    static Path large(Setup setup, int total, int running) {
        StringBuilder b = new StringBuilder("""
                # written by bench/run.sh
                defaults:
                  image: %s
                  port: 8000
                  health: {type: http, path: /}
                  sleep_policy: {enabled: false}
                services:
                """.formatted(BUSYBOX));
        for (int i = 0; i < total; i++) {
            b.append(String.format("  bb-%03d: {auto_start: %s}%n", i, i < running));
        }
        return write(setup, "large.yml", b.toString());
    }

    /**
     * The fleet of the Swarm scenario: {@code cold} (mimic, asleep at zero replicas after 1 s idle) and
     * {@code scale} (busybox), as in {@link #scenarios}; Swarm takes no no-new-privileges (engine API 1.41).
     */
    static Path swarm(Setup setup) {
        StringBuilder b = new StringBuilder("""
                # written by bench/run.sh
                defaults:
                  auto_start: false
                  resources: {memory: 256MB}
                  hardening: {no_new_privileges: false}
                services:
                """);
        sleeper(b, "cold", "stop", "1s");
        b.append(SCALE_SERVICE.formatted(BUSYBOX));
        return write(setup, "swarm.yml", b.toString());
    }

    private static void sleeper(StringBuilder b, String name, String mode, String idle) {
        b.append(MIMIC_SERVICE.formatted(name, MIMIC)).append("""
                    sleep_policy: {idle_timeout: %s, mode: %s}
                    routing: {queue_limit: 1000}
                """.formatted(idle, mode));
    }

    private static void apiSleeper(StringBuilder b, String name, String image, String mode, String health) {
        b.append("""
                  %s:
                    image: %s
                    port: 8000
                    sleep_policy: {idle_timeout: 1s, mode: %s}
                    tools: [{name: noop}]
                """.formatted(name, image, mode));
        if (!health.isEmpty()) {
            b.append("    ").append(health).append('\n');
        }
    }

    private static Path write(Setup setup, String name, String content) {
        Path file = setup.work().resolve(name);
        try {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
