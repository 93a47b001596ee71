package io.mcpfleet.bench;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one {@code mcp} health probe costs against a running mimic (JSON answers and event
 * streams): an {@code initialize} on a fresh connection that must be answered by a JSON-RPC
 * result, as the manager's probe asks since issue 11, beside the probe it replaced (a {@code GET}
 * on the MCP path, any status below 500), rounds alternating so that both see the same load. What
 * the probe adds to a wake is in the manager-wake rows (the manager's own wake against the engine
 * floor, which is probed with {@code initialize} too). Moved here from the manager's
 * {@code ProbeBenchmark}; it sends the requests itself, so it measures the server's side of the
 * probe, not the manager's HTTP client.
 */
final class ProbeCost {

    private static final String AREA = "manager wake";
    private static final String INITIALIZE = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"" + Mcp.VERSION + "\",\"capabilities\":{},\"clientInfo\":{\"name\":"
            + "\"mcp-fleet-probe\",\"version\":\"1\"}}}";

    /**
     * How long one answer may take before the round fails. Generous on purpose: a slow round only
     * raises the figures, while a tight bound failed the whole suite when a loaded machine stalled the
     * mimic for two seconds (the smoke run in CI, beside the compose test's image builds).
     */
    private static final int ANSWER_TIMEOUT_MILLIS = 30_000;

    private final Setup setup;
    private final Table table;
    private final int rounds;

    ProbeCost(Setup setup, Table table) {
        this.setup = setup;
        this.table = table;
        this.rounds = setup.smoke() ? 20 : 200;
    }

    void run() throws IOException {
        measure(true);
        measure(false);
    }

    private void measure(boolean json) throws IOException {
        Map<String, String> environment = json ? Map.of("MIMIC_JSON_RESPONSE", "true", "PORT", "8000")
                : Map.of("PORT", "8000");
        int port = Setup.freePort();
        String id = setup.engine().create("bench-probe-" + System.nanoTime(), FleetFiles.MIMIC, environment, 8000,
                port, Map.of(Setup.LABEL, setup.fleet()));
        try {
            setup.engine().start(id);
            Probe.untilInitialized(port, System.nanoTime() + Duration.ofSeconds(60).toNanos());
            for (int i = 0; i < 20; i++) { // warm the server's paths for both requests
                try {
                    initialize(port);
                    get(port);
                } catch (SocketTimeoutException e) {
                    // a stalled warm-up round (see below) warms nothing: the next one does
                }
            }
            List<Double> initialize = new ArrayList<>();
            List<Double> get = new ArrayList<>();
            int lost = 0;
            for (int i = 0; i < rounds || initialize.isEmpty(); i++) {
                try {
                    double took = initialize(port);
                    get.add(get(port));
                    initialize.add(took);
                } catch (SocketTimeoutException e) {
                    // A loaded machine (CI runs this beside image builds) stalled the container for
                    // longer than the answer timeout: a lost round, not a figure; the suite goes on.
                    if (++lost > rounds) {
                        throw e;
                    }
                }
            }
            Stats mcp = Stats.of(initialize);
            Stats old = Stats.of(get);
            table.add(new Row(AREA, "mcp health probe of a running mimic (" + (json ? "JSON answers" : "event streams")
                    + "): initialize on a fresh connection, median / p90 of " + mcp.count()
                    + (lost > 0 ? " (" + lost + " rounds timed out)" : ""),
                    Fmt.ms(mcp.median()) + " / " + Fmt.ms(mcp.percentile(90)),
                    "GET on the MCP path (the probe before issue 11) " + Fmt.ms(old.median()) + " / "
                            + Fmt.ms(old.percentile(90)), Fmt.plusMs(mcp.median() - old.median()), "", ""));
        } finally {
            setup.engine().remove(id);
        }
    }

    /** One {@code initialize} on a new connection, in milliseconds; fails unless a JSON-RPC result came back. */
    private static double initialize(int port) throws IOException {
        long t0 = System.nanoTime();
        try (Wire wire = new Wire("127.0.0.1", port, ANSWER_TIMEOUT_MILLIS)) {
            Wire.Answer a = wire.post("/mcp", INITIALIZE);
            double took = EngineFloor.millisSince(t0, System.nanoTime());
            if (a.status() != 200 || !a.body().contains("\"result\"")) {
                throw new IllegalStateException("initialize not answered: HTTP " + a.status() + " " + a.body());
            }
            return took;
        }
    }

    /** One {@code GET} on the MCP path on a new connection, in milliseconds; any status below 500 passed. */
    private static double get(int port) throws IOException {
        long t0 = System.nanoTime();
        try (Wire wire = new Wire("127.0.0.1", port, ANSWER_TIMEOUT_MILLIS)) {
            Wire.Answer a = wire.get("/mcp");
            double took = EngineFloor.millisSince(t0, System.nanoTime());
            if (a.status() >= 500) {
                throw new IllegalStateException("GET /mcp: HTTP " + a.status());
            }
            return took;
        }
    }
}
