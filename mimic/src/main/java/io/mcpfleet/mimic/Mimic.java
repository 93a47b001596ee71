package io.mcpfleet.mimic;

import java.time.Duration;
import java.util.Arrays;

import org.slf4j.LoggerFactory;

/**
 * A small MCP server for tests, built on the MCP Java SDK: its tools and behaviour come from
 * {@link MimicOptions} (in-process) or the environment (in its container image).
 *
 * <p>Run in a container: {@code java -jar mimic-exec.jar} with the environment of
 * {@link MimicOptions#fromEnvironment(java.util.Map)}. Run in-process: {@link #start(MimicOptions)}.
 */
public final class Mimic {

    private Mimic() {
    }

    /**
     * Starts a mimic on {@code options.port()} (0: a free port) and returns once it serves; with a
     * {@code startupDelay} that is after the delay. A {@code crash} call closes this mimic.
     */
    public static RunningMimic start(MimicOptions options) {
        Lifecycle lifecycle = new Lifecycle();
        RunningMimic mimic = start(options, lifecycle);
        lifecycle.onCrash(mimic::close);
        return mimic;
    }

    /** Serves as the environment says; {@code --train} instead runs {@link Training} and exits. */
    public static void main(String[] args) {
        // Before the first logger exists: slf4j-simple reads these once. -D on the command line wins.
        logDefault("defaultLogLevel", "warn");
        logDefault("log.io.mcpfleet.mimic", "info");
        logDefault("showThreadName", "false");
        logDefault("showShortLogName", "true");
        if (Arrays.asList(args).contains("--train")) {
            Training.run(MimicOptions.fromEnvironment(System.getenv()));
            // Exit now, with the archive written, whatever threads the libraries left behind.
            System.exit(0);
        }
        Lifecycle lifecycle = new Lifecycle();
        // A crash is a crash: no shutdown hooks, no goodbye to the clients, exit status 1.
        lifecycle.onCrash(() -> Runtime.getRuntime().halt(1));
        RunningMimic mimic = start(MimicOptions.fromEnvironment(System.getenv()), lifecycle);
        Runtime.getRuntime().addShutdownHook(new Thread(mimic::close, "mimic-shutdown"));
    }

    private static RunningMimic start(MimicOptions options, Lifecycle lifecycle) {
        sleep(options.startupDelay());
        CallCounter calls = new CallCounter();
        McpEndpoint endpoint = McpEndpoint.create(options, calls);
        ToolCatalog.select(options, lifecycle, endpoint).forEach(endpoint::add);
        JsonAnswerFilter jsonAnswers = options.jsonResponse() && !options.stateless() && !options.modern()
                ? new JsonAnswerFilter(endpoint) : null;
        HttpServer http;
        try {
            http = HttpServer.start(options, endpoint, jsonAnswers);
        } catch (RuntimeException e) {
            endpoint.close();
            throw e;
        }
        LoggerFactory.getLogger(Mimic.class).info("mimic {} serving MCP on :{}{} (tools: {}{})", options.id(),
                http.port(), options.mcpPath(), String.join(",", endpoint.toolNames()),
                options.modern() ? "; 2026-07-28" : options.stateless() ? "; stateless"
                        : options.jsonResponse() ? "; JSON answers" : "");
        return new ServingMimic(options, lifecycle, calls, endpoint, http);
    }

    private static void logDefault(String key, String value) {
        String property = "org.slf4j.simpleLogger." + key;
        System.setProperty(property, System.getProperty(property, value));
    }

    private static void sleep(Duration delay) {
        if (delay.isZero()) {
            return;
        }
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during the mimic's start-up delay", e);
        }
    }
}
