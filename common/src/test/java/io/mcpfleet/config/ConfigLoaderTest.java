package io.mcpfleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    private static final String SEED = """
            services:
              sequential-thinking:
                image: mcp/sequentialthinking:latest
                command: ["executable", "args"]
                port: 8000
                environment: {KEY: "${FROM_MANAGER_ENV:-default}"}
                resources: {memory: "256MB", cpu: "0.25"}
                auto_start: false
                sleep_policy: {enabled: true, idle_timeout: 300, priority: "normal"}
            """;

    private static FleetConfig parse(String yaml) {
        return ConfigLoader.parse(yaml, "services.yml", Map.of());
    }

    private static ServiceSpec only(String yaml) {
        return parse(yaml).all().iterator().next();
    }

    /** A minimal service with {@code extra} indented under it. */
    private static String service(String extra) {
        return "services:\n  foo:\n    image: mcp/foo:1\n    port: 8000\n" + extra.indent(4);
    }

    @Test
    void theSeedSchemaLoadsUnchanged() {
        ServiceSpec spec = only(SEED);

        assertThat(spec.name()).isEqualTo("sequential-thinking");
        assertThat(spec.image()).isEqualTo("mcp/sequentialthinking:latest");
        assertThat(spec.command()).containsExactly("executable", "args");
        assertThat(spec.port()).isEqualTo(8000);
        assertThat(spec.environment()).containsExactly(entry("KEY", "default"));
        assertThat(spec.resources()).isEqualTo(new Resources(256L * 1024 * 1024, 250_000_000));
        assertThat(spec.autoStart()).isFalse();
        assertThat(spec.sleepPolicy()).isEqualTo(new SleepPolicy(true, Duration.ofSeconds(300), Priority.NORMAL,
                SleepMode.STOP, SleepPolicy.DEFAULT_DRAIN_TIMEOUT));
    }

    @Test
    void theSeedTakesItsVariableFromTheGivenEnvironment() {
        FleetConfig config = ConfigLoader.parse(SEED, "services.yml", Map.of("FROM_MANAGER_ENV", "from-env"));

        assertThat(config.service("sequential-thinking").orElseThrow().environment()).containsEntry("KEY", "from-env");
    }

    @Test
    void whatIsLeftOutTakesTheRecordDefaults() {
        ServiceSpec spec = only(service(""));

        assertThat(spec.command()).isEmpty();
        assertThat(spec.entrypoint()).isEmpty();
        assertThat(spec.resources()).isEqualTo(Resources.UNLIMITED);
        assertThat(spec.sleepPolicy()).isEqualTo(SleepPolicy.DEFAULT);
        assertThat(spec.replicas()).isEqualTo(Replicas.DEFAULT);
        assertThat(spec.health()).isEqualTo(HealthCheck.DEFAULT);
        assertThat(spec.mcp()).isEqualTo(McpEndpoint.DEFAULT);
        assertThat(spec.routing()).isEqualTo(Routing.DEFAULT);
        assertThat(spec.autoscale()).isEqualTo(Autoscale.DEFAULT);
        assertThat(spec.hardening()).isEqualTo(Hardening.DEFAULT);
        assertThat(spec.network()).isEqualTo(NetworkAccess.DEFAULT);
        assertThat(spec.tools()).isEmpty();
    }

    @Test
    void everyKeyIsReadIntoItsRecord() {
        ServiceSpec spec = only(service("""
                entrypoint: [node]
                command: [dist/index.js, --port, 8000, true]
                labels: {team: search}
                auto_start: true
                sleep_policy: {enabled: false, idle_timeout: 10m, priority: critical, mode: pause, drain_timeout: 1m30s}
                replicas: {min: 1, max: 4}
                health: {type: http, path: /healthz, interval: 5s, timeout: 500ms, healthy_threshold: 2,
                         unhealthy_threshold: 5, startup_interval: 200ms, startup_timeout: 2m}
                mcp: {path: /api/mcp, sessions: stateless}
                routing: {balancing: round_robin, call_timeout: 30s, retry: never, max_attempts: 1, queue_limit: 10,
                          wake_timeout: 15s}
                autoscale: {enabled: true, target_in_flight: 4, target_cpu: 0.7, stable_window: 30s, panic_window: 3s,
                            panic_threshold: 1.5, scale_down_delay: 1m, cooldown: 10s}
                hardening: {no_new_privileges: false, read_only: true, cap_drop: [ALL], cap_add: [NET_BIND_SERVICE],
                            user: "1000:1000", tmpfs: [/tmp], pids_limit: 256}
                network: {egress: true}
                placement: {constraints: ["node.labels.zone == east", node.role!=manager]}
                """));

        assertThat(spec.entrypoint()).containsExactly("node");
        assertThat(spec.command()).containsExactly("dist/index.js", "--port", "8000", "true");
        assertThat(spec.labels()).containsExactly(entry("team", "search"));
        assertThat(spec.autoStart()).isTrue();
        assertThat(spec.sleepPolicy()).isEqualTo(new SleepPolicy(false, Duration.ofMinutes(10), Priority.CRITICAL,
                SleepMode.PAUSE, Duration.ofSeconds(90)));
        assertThat(spec.replicas()).isEqualTo(new Replicas(1, 4));
        assertThat(spec.health()).isEqualTo(new HealthCheck(HealthCheckType.HTTP, "/healthz", Duration.ofSeconds(5),
                Duration.ofMillis(500), 2, 5, Duration.ofMillis(200), Duration.ofMinutes(2)));
        assertThat(spec.mcp()).isEqualTo(new McpEndpoint("/api/mcp", SessionMode.STATELESS));
        assertThat(spec.routing()).isEqualTo(new Routing(Balancing.ROUND_ROBIN, Duration.ofSeconds(30), RetryPolicy.NEVER,
                1, 10, Duration.ofSeconds(15)));
        assertThat(spec.autoscale()).isEqualTo(new Autoscale(true, 4, 0.7, Duration.ofSeconds(30), Duration.ofSeconds(3),
                1.5, Duration.ofMinutes(1), Duration.ofSeconds(10)));
        assertThat(spec.hardening()).isEqualTo(new Hardening(false, true, List.of("ALL"), List.of("NET_BIND_SERVICE"),
                "1000:1000", List.of("/tmp"), 256));
        assertThat(spec.network()).isEqualTo(new NetworkAccess(true));
        assertThat(spec.placement().constraints()).containsExactly("node.labels.zone == east", "node.role!=manager");
    }

    @Test
    void defaultsAreMergedIntoEveryServiceAndTheServiceWins() {
        FleetConfig config = parse("""
                defaults:
                  environment: {LOG_LEVEL: info, REGION: eu}
                  resources: {memory: 256MB, cpu: 0.5}
                  sleep_policy: {idle_timeout: 2m, mode: pause}
                  hardening: {cap_drop: [ALL], tmpfs: [/tmp]}
                services:
                  a:
                    image: mcp/a:1
                    port: 8000
                  b:
                    image: mcp/b:1
                    port: 9000
                    environment: {LOG_LEVEL: debug, EXTRA: "1"}
                    resources: {memory: 1GiB}
                    sleep_policy: {priority: high}
                    hardening: {tmpfs: [/cache]}
                """);

        ServiceSpec a = config.service("a").orElseThrow();
        ServiceSpec b = config.service("b").orElseThrow();
        assertThat(a.environment()).containsExactly(entry("LOG_LEVEL", "info"), entry("REGION", "eu"));
        assertThat(a.resources()).isEqualTo(new Resources(256L << 20, 500_000_000));
        assertThat(a.sleepPolicy().mode()).isEqualTo(SleepMode.PAUSE);
        assertThat(b.environment()).containsExactly(entry("LOG_LEVEL", "debug"), entry("REGION", "eu"), entry("EXTRA", "1"));
        assertThat(b.resources()).isEqualTo(new Resources(1L << 30, 500_000_000));
        assertThat(b.sleepPolicy().idleTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(b.sleepPolicy().mode()).isEqualTo(SleepMode.PAUSE);
        assertThat(b.sleepPolicy().priority()).isEqualTo(Priority.HIGH);
        assertThat(b.hardening().capDrop()).containsExactly("ALL");
        assertThat(b.hardening().tmpfs()).as("lists are replaced, not concatenated").containsExactly("/cache");
    }

    @Test
    void defaultsMayShareTheImageAndPortOfWrappedServers() {
        FleetConfig config = parse("""
                defaults:
                  image: forge-mcp-gateway-translate:latest
                  port: 8000
                services:
                  memory: {command: [python3, -m, mcpgateway.translate, --stdio, mcp-server-memory]}
                  other: {image: mcp/other:2, port: 9000}
                """);

        assertThat(config.service("memory").orElseThrow().image()).isEqualTo("forge-mcp-gateway-translate:latest");
        assertThat(config.service("memory").orElseThrow().port()).isEqualTo(8000);
        assertThat(config.service("other").orElseThrow().image()).isEqualTo("mcp/other:2");
    }

    @Test
    void aStdioServiceHasNoPortAndTheBridgesDefaults() {
        ServiceSpec spec = only("""
                services:
                  memory:
                    image: mcp/memory:1
                    transport: stdio
                    command: [node, dist/index.js]
                """);

        assertThat(spec.transport()).isEqualTo(Transport.STDIO);
        assertThat(spec.stdioTransport()).isTrue();
        assertThat(spec.port()).isZero();
        assertThat(spec.mcp().path()).isEqualTo("/mcp");
        assertThat(spec.health().type()).isEqualTo(HealthCheckType.MCP);
        assertThat(spec.stdio()).isEqualTo(StdioSettings.DEFAULT);
    }

    @Test
    void theBridgesLimitsAreRead() {
        ServiceSpec spec = only("""
                services:
                  memory:
                    image: mcp/memory:1
                    transport: stdio
                    stdio: {max_in_flight: 8, max_message_size: 1MiB, max_buffered: 2MiB}
                """);

        assertThat(spec.stdio()).isEqualTo(new StdioSettings(8, 1024 * 1024, 2 * 1024 * 1024));
    }

    @Test
    void aStdioServiceIgnoresThePortPathAndProbeItInheritsFromDefaults() {
        FleetConfig config = parse("""
                defaults:
                  port: 8000
                  mcp: {path: /rpc, sessions: stateless}
                  health: {type: tcp, interval: 3s}
                  stdio: {max_in_flight: 5}
                services:
                  web:
                    image: mcp/web:1
                  memory:
                    image: mcp/memory:1
                    transport: stdio
                """);

        ServiceSpec web = config.service("web").orElseThrow();
        ServiceSpec memory = config.service("memory").orElseThrow();
        assertThat(web.port()).isEqualTo(8000);
        assertThat(web.mcp().path()).isEqualTo("/rpc");
        assertThat(memory.port()).isZero();
        assertThat(memory.mcp()).isEqualTo(new McpEndpoint("/mcp", SessionMode.STATELESS));
        assertThat(memory.health().type()).isEqualTo(HealthCheckType.MCP);
        assertThat(memory.health().interval()).hasSeconds(3);
        assertThat(memory.stdio().maxInFlight()).isEqualTo(5);
    }

    @Test
    void variablesAreExpandedInEveryStringScalar() {
        Map<String, String> env = Map.of("REGISTRY", "ghcr.io/acme", "TAG", "1.4", "PORT", "9100", "TOKEN", "s3cret",
                "MEM", "512m", "IDLE", "90s", "SLEEP", "false");
        FleetConfig config = ConfigLoader.parse("""
                services:
                  foo:
                    image: ${REGISTRY}/foo:${TAG}
                    port: ${PORT}
                    command: ["--token", "${TOKEN}", "--price", "$$5", "--name", "${NAME:-anonymous}"]
                    environment: {AUTH: "Bearer ${TOKEN}", EMPTY: "${UNSET:-}"}
                    resources: {memory: "${MEM}"}
                    sleep_policy: {enabled: "${SLEEP}", idle_timeout: "${IDLE}"}
                """, "services.yml", env);

        ServiceSpec spec = config.service("foo").orElseThrow();
        assertThat(spec.image()).isEqualTo("ghcr.io/acme/foo:1.4");
        assertThat(spec.port()).isEqualTo(9100);
        assertThat(spec.command()).containsExactly("--token", "s3cret", "--price", "$5", "--name", "anonymous");
        assertThat(spec.environment()).containsExactly(entry("AUTH", "Bearer s3cret"), entry("EMPTY", ""));
        assertThat(spec.resources().memoryBytes()).isEqualTo(512L << 20);
        assertThat(spec.sleepPolicy().enabled()).isFalse();
        assertThat(spec.sleepPolicy().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void valuesKeepTheirTextSoYaml11NeverRewritesThem() {
        ServiceSpec spec = only(service("environment: {COUNTRY: NO, MODE: 0755, FLAG: on, VERSION: 1.10, DATE: 2024-01-01}"));

        assertThat(spec.environment()).containsExactly(entry("COUNTRY", "NO"), entry("MODE", "0755"), entry("FLAG", "on"),
                entry("VERSION", "1.10"), entry("DATE", "2024-01-01"));
    }

    @Test
    void durationsAcceptSecondsAndUnits() {
        String yaml = service("routing: {call_timeout: 1h30m, wake_timeout: 45}\nhealth: {startup_interval: 0.25}");

        ServiceSpec spec = only(yaml);

        assertThat(spec.routing().callTimeout()).isEqualTo(Duration.ofMinutes(90));
        assertThat(spec.routing().wakeTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(spec.health().startupInterval()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void cpuAcceptsNumbersStringsAndMillicores() {
        assertThat(only(service("resources: {cpu: 2}")).resources().nanoCpus()).isEqualTo(2_000_000_000L);
        assertThat(only(service("resources: {cpu: 0.5}")).resources().nanoCpus()).isEqualTo(500_000_000L);
        assertThat(only(service("resources: {cpu: \"1.5\"}")).resources().nanoCpus()).isEqualTo(1_500_000_000L);
        assertThat(only(service("resources: {cpu: 250m}")).resources().nanoCpus()).isEqualTo(250_000_000L);
    }

    @Test
    void memoryAcceptsPlainBytes() {
        assertThat(only(service("resources: {memory: 268435456}")).resources().memoryBytes()).isEqualTo(256L << 20);
    }

    /** Each enum constant written as services.yml spells it, and where it lands in the spec. */
    static Stream<Arguments> everyChoice() {
        return Stream.of(
                choices("sleep_policy: {priority: %s}", Priority.values(), s -> s.sleepPolicy().priority()),
                choices("sleep_policy: {mode: %s}", SleepMode.values(), s -> s.sleepPolicy().mode()),
                choices("health: {type: %s, path: /healthz}", HealthCheckType.values(), s -> s.health().type()),
                choices("mcp: {sessions: %s}", SessionMode.values(), s -> s.mcp().sessions()),
                choices("routing: {balancing: %s}", Balancing.values(), s -> s.routing().balancing()),
                choices("routing: {retry: %s}", RetryPolicy.values(), s -> s.routing().retry()))
                .flatMap(s -> s);
    }

    private static Stream<Arguments> choices(String template, Enum<?>[] constants, Function<ServiceSpec, Enum<?>> read) {
        return Arrays.stream(constants).map(c -> Arguments.of(
                template.formatted(c.name().toLowerCase(Locale.ROOT)), c, read));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyChoice")
    void everyChoiceOfEveryEnumIsAccepted(String yaml, Enum<?> expected, Function<ServiceSpec, Enum<?>> read) {
        assertThat(read.apply(only(service(yaml)))).isEqualTo(expected);
    }

    @Test
    void choicesForgiveCaseAndDashes() {
        assertThat(only(service("routing: {balancing: Least-Connections}")).routing().balancing())
                .isEqualTo(Balancing.LEAST_CONNECTIONS);
    }

    @Test
    void absentMaxReplicasIsTheDefaultMax() {
        assertThat(only(service("replicas: {min: 2}")).replicas()).isEqualTo(new Replicas(2, Replicas.DEFAULT_MAX));
    }

    @Test
    void toolsPassThroughAsJson() {
        ServiceSpec spec = only(service("""
                tools:
                  - name: search_docs
                    title: Search the docs
                    description: Full-text search.
                    inputSchema:
                      type: object
                      properties:
                        query: {type: string, pattern: "^[a-z ]+$"}
                        limit: {type: integer, minimum: 1, maximum: 50, default: 10}
                        lang: {enum: [en, "no", yes], default: null}
                        weight: {type: number, default: 0.5}
                      required: [query]
                    output_schema: {type: object, properties: {hits: {type: array}}}
                    annotations: {readOnlyHint: true, idempotentHint: true, openWorldHint: false}
                  - name: reindex
                """));

        ToolSpec search = spec.tools().get(0);
        assertThat(search.name()).isEqualTo("search_docs");
        assertThat(search.title()).isEqualTo("Search the docs");
        assertThat(search.description()).isEqualTo("Full-text search.");
        @SuppressWarnings("unchecked")
        Map<String, Object> properties = (Map<String, Object>) search.inputSchema().get("properties");
        assertThat(properties).containsKeys("query", "limit", "lang", "weight");
        assertThat(properties.get("query")).isEqualTo(Map.of("type", "string", "pattern", "^[a-z ]+$"));
        assertThat(properties.get("limit")).isEqualTo(Map.of("type", "integer", "minimum", 1L, "maximum", 50L, "default", 10L));
        @SuppressWarnings("unchecked")
        Map<String, Object> lang = (Map<String, Object>) properties.get("lang");
        assertThat(lang).containsEntry("enum", List.of("en", "no", "yes")).containsEntry("default", null);
        assertThat(properties.get("weight")).isEqualTo(Map.of("type", "number", "default", 0.5));
        assertThat(search.inputSchema().get("required")).isEqualTo(List.of("query"));
        assertThat(search.outputSchema()).containsEntry("type", "object");
        assertThat(search.annotations()).containsExactly(entry("readOnlyHint", true), entry("idempotentHint", true),
                entry("openWorldHint", false));
        ToolSpec reindex = spec.tools().get(1);
        assertThat(reindex.inputSchema()).isEqualTo(ToolSpec.EMPTY_OBJECT_SCHEMA);
        assertThat(reindex.outputSchema()).isEmpty();
        assertThat(reindex.annotations()).isEmpty();
    }

    @Test
    void servicesKeepTheFileOrder() {
        StringBuilder yaml = new StringBuilder("services:\n");
        List<String> names = List.of("zeta", "alpha", "mid-1", "beta", "a0", "omega", "k9", "delta", "c", "b");
        names.forEach(n -> yaml.append("  ").append(n).append(": {image: mcp/").append(n).append(", port: 80}\n"));

        FleetConfig config = parse(yaml.toString());

        assertThat(config.services().keySet()).containsExactlyElementsOf(names);
        assertThat(config.all()).extracting(ServiceSpec::name).containsExactlyElementsOf(names);
    }

    @Test
    void mergeKeysAndExtensionKeysShareSettingsLikeCompose() {
        FleetConfig config = parse("""
                x-small: &small
                  resources: {memory: 128MiB, cpu: 0.25}
                  sleep_policy: {idle_timeout: 1m}
                services:
                  a:
                    <<: *small
                    image: mcp/a
                    port: 8000
                  b:
                    <<: *small
                    image: mcp/b
                    port: 8000
                    sleep_policy: {idle_timeout: 5m}
                """);

        assertThat(config.service("a").orElseThrow().resources().memoryBytes()).isEqualTo(128L << 20);
        assertThat(config.service("a").orElseThrow().sleepPolicy().idleTimeout()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.service("b").orElseThrow().sleepPolicy().idleTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void imageReferencesInEveryCommonFormAreAccepted() {
        for (String image : List.of("mcp/sequentialthinking:latest", "mcr.microsoft.com/playwright/mcp:v0.0.40",
                "ghcr.io/github/github-mcp-server", "localhost:5000/team/server:1.0-rc.1", "busybox",
                "registry.example.com/a/b/c@sha256:" + "a".repeat(64), "forge-mcp-gateway-translate:latest")) {
            assertThat(only(service("").replace("mcp/foo:1", image)).image()).isEqualTo(image);
        }
    }
}
