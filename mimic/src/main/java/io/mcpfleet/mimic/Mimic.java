package io.mcpfleet.mimic;

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

    /** Starts a mimic on {@code options.port()} (0: a free port) and returns once it serves. */
    public static RunningMimic start(MimicOptions options) {
        throw new UnsupportedOperationException("to be written");
    }

    public static void main(String[] args) {
        RunningMimic mimic = start(MimicOptions.fromEnvironment(System.getenv()));
        Runtime.getRuntime().addShutdownHook(new Thread(mimic::close, "mimic-shutdown"));
    }
}
