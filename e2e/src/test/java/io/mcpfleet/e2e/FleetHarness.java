package io.mcpfleet.e2e;

import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.JarProcess;
import io.mcpfleet.testsupport.ManagerApi;
import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.TestPaths;
import io.mcpfleet.testsupport.TestRun;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * One fleet as users run it: a {@code services.yml} in {@code target/fleets/<fleet name>/}, the
 * service-manager jar and the tool-router jar as child processes on free ports, the real Docker
 * engine below. Each fleet has its own {@code --fleet.name} ({@link TestRun#fleetName()}), so its
 * containers carry {@code io.mcpfleet.fleet=test-...} and are removed by that label before and after.
 *
 * <p>In a test class, register it as a static extension: it starts before the first test, closes
 * the SDK clients a test opened after that test, adds both processes' output to a failing test's
 * exception, and tears everything down after the last test.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final FleetHarness FLEET = FleetHarness.builder()
 *         .services("""
 *             services:
 *               echo:
 *                 image: %s
 *                 port: 8000
 *             """.formatted(TestImages.mimic()))
 *         .build();
 *
 * @Test
 * void echoes() {
 *     McpSyncClient client = FLEET.client();
 *     ... ToolCalls.call(client, "echo__echo", Map.of("text", "hi")) ...
 *     ... FLEET.raw().initialize().call("echo__echo", "{\"text\":\"hi\"}") ...
 *     ... FLEET.managerApi().status("echo"), FLEET.containers().running("echo") ...
 * }
 * }</pre>
 *
 * <p>Outside JUnit (a benchmark's {@code main}): {@code try (FleetHarness f = builder()...build().start())}.
 *
 * <p>The manager reconciles every 2 s (instead of 10 s) so that replacements are prompt. The
 * environment variables the product reads ({@code FLEET_*}) are cleared unless set here, so the
 * environment of whoever runs the tests cannot change what is tested.
 */
public final class FleetHarness implements BeforeAllCallback, AfterAllCallback, AfterEachCallback,
        TestExecutionExceptionHandler, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(FleetHarness.class);

    /** How long each process may take to answer {@code /actuator/health}: generous, the machine is shared. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    /** How many lines of each process's output a failing test's exception carries. */
    private static final int OUTPUT_LINES = 80;
    /**
     * The JVM options of both processes unless {@link Builder#jvmArgs} says otherwise: the C1 JIT
     * only, which halves the CPU a Spring Boot start takes (measured here: 6.8 s instead of 14.6 s
     * for the manager) and changes nothing the tests look at. Benchmarks pass none.
     */
    public static final List<String> FAST_START_JVM_ARGS = List.of("-XX:TieredStopAtLevel=1");
    /** Product environment variables cleared unless the builder sets them. */
    private static final List<String> PRODUCT_ENV = List.of("FLEET_CONFIG", "FLEET_NAME", "FLEET_API_TOKEN",
            "FLEET_ROUTER_TOKEN", "FLEET_DOCKER_NETWORK", "FLEET_EGRESS_NETWORK", "FLEET_ALLOWED_HOSTS",
            "FLEET_DATA_DIR", "FLEET_MANAGER_URL", "FLEET_RUNTIME");

    private final String services;
    private final String apiToken;
    private final String routerToken;
    private final Map<String, String> managerEnv;
    private final Map<String, String> routerEnv;
    private final List<String> managerArgs;
    private final List<String> routerArgs;
    private final List<String> jvmArgs;
    private final String fleetName = TestRun.fleetName();
    private final FleetContainers containers = new FleetContainers(fleetName);
    private final List<McpSyncClient> clients = new CopyOnWriteArrayList<>();

    private Path workDir;
    private int managerPort;
    private int routerPort;
    private volatile JarProcess manager;
    private volatile JarProcess router;

    private FleetHarness(Builder b) {
        this.services = b.services;
        this.apiToken = b.apiToken;
        this.routerToken = b.routerToken;
        this.managerEnv = Map.copyOf(b.managerEnv);
        this.routerEnv = Map.copyOf(b.routerEnv);
        this.managerArgs = List.copyOf(b.managerArgs);
        this.routerArgs = List.copyOf(b.routerArgs);
        this.jvmArgs = List.copyOf(b.jvmArgs);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- lifecycle

    /**
     * Writes {@code services.yml}, removes leftovers of this fleet, and starts the manager and the
     * router at once (the router keeps retrying the manager until it answers); returns when both
     * answer {@code /actuator/health}.
     */
    public FleetHarness start() {
        if (services == null) {
            throw new IllegalStateException("no services.yml: call builder().services(...)");
        }
        // A crashed earlier run may have left fleets behind; an hour is longer than any test run.
        DockerTestSupport.cleanupStaleTestContainers(Duration.ofHours(1));
        containers.removeAll();
        try {
            // Kept after the run, beside the processes' logs (target/jar-process): the config and the
            // router's catalog.json help to read a failure.
            workDir = Files.createDirectories(Path.of("target", "fleets", fleetName).toAbsolutePath());
            Files.writeString(configFile(), services, StandardCharsets.UTF_8);
            Files.createDirectories(dataDir());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + workDir, e);
        }
        long started = System.nanoTime();
        managerPort = JarProcess.freePort();
        routerPort = JarProcess.freePort();
        CompletableFuture<JarProcess> startingManager = CompletableFuture.supplyAsync(this::launchManager);
        CompletableFuture<JarProcess> startingRouter = CompletableFuture.supplyAsync(this::launchRouter);
        try {
            manager = startingManager.join();
            router = startingRouter.join();
        } catch (CompletionException e) {
            // One failed: the other may still come up; it must not outlive the test.
            startingManager.thenAccept(JarProcess::kill);
            startingRouter.thenAccept(JarProcess::kill);
            close();
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        log.info("fleet {} up in {} ms: manager {}, router {}", fleetName,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), managerUrl(), routerUrl());
        return this;
    }

    /** Closes the clients, kills the router and the manager, removes the fleet's containers. */
    @Override
    public void close() {
        long started = System.nanoTime();
        closeClients();
        // Kill, not stop: a graceful stop waits for the router's open event stream, and the
        // manager must be gone before its containers are removed, or it would replace them.
        if (router != null) {
            router.kill();
        }
        if (manager != null) {
            manager.kill();
        }
        int removed = containers.removeAll();
        log.info("fleet {} down in {} ms ({} containers removed)", fleetName,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), removed);
    }

    /** Kills the manager (if alive) and starts it again on the same port, with the same config and fleet name. */
    public void restartManager() {
        if (manager != null) {
            manager.kill();
        }
        manager = launchManager();
    }

    /** Kills the router (if alive) and starts it again on the same port and data directory. */
    public void restartRouter() {
        closeClients();
        if (router != null) {
            router.kill();
        }
        router = launchRouter();
    }

    private JarProcess launchManager() {
        JarProcess.Builder b = JarProcess.builder(TestPaths.serviceManagerJar())
                .name("manager-" + fleetName)
                .port(managerPort)
                .env(clearedProductEnv())
                .arg("--fleet.config=" + configFile())
                .arg("--fleet.name=" + fleetName)
                .arg("--fleet.reconcile-interval=2s");
        jvmArgs.forEach(b::jvmArg);
        if (apiToken != null) {
            b.env("FLEET_API_TOKEN", apiToken);
        }
        b.env(managerEnv);
        managerArgs.forEach(b::arg);
        return b.start(START_TIMEOUT);
    }

    private JarProcess launchRouter() {
        JarProcess.Builder b = JarProcess.builder(TestPaths.toolRouterJar())
                .name("router-" + fleetName)
                .port(routerPort)
                .env(clearedProductEnv())
                .env("FLEET_MANAGER_URL", managerUrl())
                .arg("--fleet.data-dir=" + dataDir());
        jvmArgs.forEach(b::jvmArg);
        if (apiToken != null) {
            b.env("FLEET_API_TOKEN", apiToken);
        }
        if (routerToken != null) {
            b.env("FLEET_ROUTER_TOKEN", routerToken);
        }
        b.env(routerEnv);
        routerArgs.forEach(b::arg);
        return b.start(START_TIMEOUT);
    }

    private static Map<String, String> clearedProductEnv() {
        Map<String, String> cleared = new LinkedHashMap<>();
        PRODUCT_ENV.forEach(name -> cleared.put(name, ""));
        return cleared;
    }

    // ---- where things are

    public String fleetName() {
        return fleetName;
    }

    /** {@code http://127.0.0.1:PORT} of the manager. */
    public String managerUrl() {
        return "http://127.0.0.1:" + managerPort;
    }

    /** {@code http://127.0.0.1:PORT} of the router. */
    public String routerUrl() {
        return "http://127.0.0.1:" + routerPort;
    }

    /** The router's MCP endpoint. */
    public String mcpUrl() {
        return routerUrl() + "/mcp";
    }

    public Path configFile() {
        return workDir.resolve("services.yml");
    }

    /** The router's {@code fleet.data-dir} (its persisted catalog). */
    public Path dataDir() {
        return workDir.resolve("router-data");
    }

    public JarProcess managerProcess() {
        return manager;
    }

    public JarProcess routerProcess() {
        return router;
    }

    // ---- talking to it

    /** The manager's REST API, with the API token when the fleet has one. */
    public ManagerApi managerApi() {
        return new ManagerApi(managerUrl(), apiToken);
    }

    /** Raw MCP requests to the router, with the router token when the fleet has one. */
    public RawMcp raw() {
        RawMcp raw = RawMcp.to(mcpUrl());
        return routerToken == null ? raw : raw.withBearer(routerToken);
    }

    /** An initialised MCP SDK client of the router (token included), closed after the test. */
    public McpSyncClient client() {
        return client(spec -> spec);
    }

    /** The same, with the client spec customised (progress consumer, elicitation handler, ...). */
    public McpSyncClient client(UnaryOperator<McpClient.SyncSpec> customize) {
        HttpRequest.Builder requests = HttpRequest.newBuilder();
        if (routerToken != null) {
            requests.header("Authorization", "Bearer " + routerToken);
        }
        HttpClientStreamableHttpTransport transport = HttpClientStreamableHttpTransport.builder(routerUrl())
                .endpoint("/mcp").requestBuilder(requests).build();
        McpSyncClient client = customize.apply(McpClient.sync(transport).requestTimeout(Duration.ofSeconds(60))
                .initializationTimeout(Duration.ofSeconds(30))).build();
        clients.add(client);
        client.initialize();
        return client;
    }

    /** The containers of this fleet, and faults to inflict on them. */
    public FleetContainers containers() {
        return containers;
    }

    public Prometheus routerMetrics() {
        return Prometheus.scrape(routerUrl());
    }

    public Prometheus managerMetrics() {
        return Prometheus.scrape(managerUrl());
    }

    /** Every tool name the router lists now (all pages of {@code tools/list}). */
    public Set<String> toolNames() {
        return tools().keySet();
    }

    /** Every tool the router lists now, by exposed name. */
    public Map<String, JsonNode> tools() {
        RawMcp.Session session = raw().initialize();
        try {
            Map<String, JsonNode> tools = new LinkedHashMap<>();
            String cursor = null;
            do {
                JsonNode result = session.request("tools/list",
                        cursor == null ? null : "{\"cursor\":\"" + cursor + "\"}").answer().path("result");
                result.path("tools").forEach(t -> tools.put(t.path("name").asString(), t));
                cursor = result.path("nextCursor").asString(null);
            } while (cursor != null);
            return tools;
        } finally {
            session.delete();
        }
    }

    /** Waits (up to a minute) until the router lists every one of {@code exposedNames}. */
    public void awaitTools(String... exposedNames) {
        Set<String> wanted = new LinkedHashSet<>(Arrays.asList(exposedNames));
        await("the router to list " + wanted).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> toolNames().containsAll(wanted));
    }

    /** The tail of both processes' output, for failure messages. */
    public String output() {
        StringBuilder out = new StringBuilder();
        for (JarProcess p : Stream.of(manager, router).filter(Objects::nonNull).toList()) {
            out.append("\n---- ").append(p.outputFile()).append(" (last ").append(OUTPUT_LINES).append(" lines)\n")
                    .append(p.outputTail(OUTPUT_LINES)).append('\n');
        }
        return out.toString();
    }

    private void closeClients() {
        List<McpSyncClient> open = new ArrayList<>(clients);
        clients.clear();
        // Gracefully: the client ends its session at the router (DELETE), which is what users do.
        open.forEach(McpSyncClient::closeGracefully);
    }

    // ---- JUnit

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        closeClients();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        failure.addSuppressed(new ProcessOutput(output()));
        throw failure;
    }

    /** Carries the processes' output in a failing test's report. */
    private static final class ProcessOutput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ProcessOutput(String output) {
            super("manager and router output:" + output, null, false, false);
        }
    }

    /** How the fleet is set up. */
    public static final class Builder {

        private String services;
        private String apiToken;
        private String routerToken;
        private final Map<String, String> managerEnv = new LinkedHashMap<>();
        private final Map<String, String> routerEnv = new LinkedHashMap<>();
        private final List<String> managerArgs = new ArrayList<>();
        private final List<String> routerArgs = new ArrayList<>();
        private List<String> jvmArgs = FAST_START_JVM_ARGS;

        private Builder() {
        }

        /** The whole {@code services.yml} (docs/configuration.md). */
        public Builder services(String yaml) {
            this.services = yaml;
            return this;
        }

        /** {@code FLEET_API_TOKEN} for the manager and the router; {@link FleetHarness#managerApi()} sends it. */
        public Builder apiToken(String token) {
            this.apiToken = token;
            return this;
        }

        /** {@code FLEET_ROUTER_TOKEN}; {@link FleetHarness#client()} and {@link FleetHarness#raw()} send it. */
        public Builder routerToken(String token) {
            this.routerToken = token;
            return this;
        }

        public Builder managerEnv(String name, String value) {
            managerEnv.put(name, value);
            return this;
        }

        public Builder routerEnv(String name, String value) {
            routerEnv.put(name, value);
            return this;
        }

        /** A manager argument, e.g. {@code --fleet.reconcile-interval=1s} (later ones win). */
        public Builder managerArg(String arg) {
            managerArgs.add(arg);
            return this;
        }

        /** A router argument, e.g. {@code --fleet.breaker.minimum-calls=2}. */
        public Builder routerArg(String arg) {
            routerArgs.add(arg);
            return this;
        }

        /** The JVM options of both processes, instead of {@link #FAST_START_JVM_ARGS}; none for a benchmark. */
        public Builder jvmArgs(String... args) {
            jvmArgs = List.of(args);
            return this;
        }

        public FleetHarness build() {
            return new FleetHarness(this);
        }
    }
}
