package io.mcpfleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Malformed services.yml files: each must fail with the right line, column, key and message. */
class BadConfigTest {

    private static final Map<String, String> ENV = Map.of("SET", "value");

    /**
     * One malformed file.
     *
     * @param key     a fragment of the expected key path ("" for problems without a key)
     * @param message a fragment of the expected message
     */
    record BadInput(String name, String yaml, int line, int column, String key, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A valid service {@code foo} with {@code extra} under it; the first extra line is line 5, column 5. */
    private static String service(String extra) {
        return "services:\n  foo:\n    image: mcp/foo:1\n    port: 8000\n" + extra.indent(4);
    }

    private static BadInput bad(String name, String yaml, int line, int column, String key, String message) {
        return new BadInput(name, yaml, line, column, key, message);
    }

    static Stream<BadInput> badInputs() {
        return Stream.of(
                // The file as a whole
                bad("empty file", "", 0, 0, "", "the file is empty"),
                bad("only comments", "# nothing here\n", 0, 0, "", "the file is empty"),
                bad("top level is a list", "- a\n- b\n", 1, 1, "", "expected a mapping with `services:`"),
                bad("top level is a scalar", "hello\n", 1, 1, "", "got \"hello\""),
                bad("no services key", "defaults: {}\n", 1, 1, "services", "is missing"),
                bad("services without value", "services:\n", 1, 10, "services", "has no value; declare at least one service"),
                bad("services empty", "services: {}\n", 1, 11, "services", "declares no service"),
                bad("services is a list", "services: [a, b]\n", 1, 11, "services", "expected a mapping, got a list"),
                bad("misspelt services", "service:\n  foo: {image: mcp/foo, port: 80}\n", 1, 1, "service",
                        "did you mean `services`?"),
                bad("unknown top-level key", "version: 3\nservices:\n  foo: {image: mcp/foo, port: 80}\n", 1, 1,
                        "version", "unknown key; expected one of services, defaults"),

                // Names
                bad("upper case and underscore in name", "services:\n  Foo_Bar: {image: mcp/foo, port: 80}\n", 2, 3,
                        "services.Foo_Bar", "invalid service name"),
                bad("name too long", "services:\n  " + "a".repeat(49) + ": {image: mcp/foo, port: 80}\n", 2, 3,
                        "services.aaaa", "at most 48 characters"),
                bad("name starting with a dash", "services:\n  \"-foo\": {image: mcp/foo, port: 80}\n", 2, 3,
                        "services.-foo", "invalid service name"),
                bad("duplicate service", "services:\n  foo: {image: mcp/foo, port: 80}\n  foo: {image: mcp/bar, port: 80}\n",
                        3, 3, "services.foo", "duplicate key (first defined at line 2)"),
                bad("service without value", "services:\n  foo:\n", 2, 7, "services.foo", "needs at least an image and a port"),

                // Required keys
                bad("missing image", "services:\n  foo:\n    port: 8000\n", 2, 3, "services.foo.image", "is required"),
                bad("missing port", "services:\n  foo:\n    image: mcp/foo\n", 2, 3, "services.foo.port", "is required"),
                bad("empty image", "services:\n  foo: {image: \"\", port: 80}\n", 2, 16, "services.foo.image", "must not be empty"),
                bad("image with spaces", "services:\n  foo: {image: My Image, port: 80}\n", 2, 16, "services.foo.image",
                        "is not an image reference"),
                bad("port zero", "services:\n  foo: {image: mcp/foo, port: 0}\n", 2, 31, "services.foo.port",
                        "must be between 1 and 65535, got 0"),
                bad("port too large", "services:\n  foo: {image: mcp/foo, port: 70000}\n", 2, 31, "services.foo.port",
                        "must be between 1 and 65535"),
                bad("port is a word", "services:\n  foo: {image: mcp/foo, port: http}\n", 2, 31, "services.foo.port",
                        "expected a whole number, got \"http\""),
                bad("port is a fraction", "services:\n  foo: {image: mcp/foo, port: 80.5}\n", 2, 31, "services.foo.port",
                        "expected a whole number"),
                bad("port is a list", "services:\n  foo: {image: mcp/foo, port: [80]}\n", 2, 31, "services.foo.port",
                        "expected a whole number, got a list"),

                // Service keys
                bad("unknown service key", service("volumes: [/data]"), 5, 5, "services.foo.volumes",
                        "unknown key; expected one of image, command"),
                bad("camelCase key", service("autoStart: true"), 5, 5, "services.foo.autoStart", "did you mean `auto_start`?"),
                bad("command as a string", service("command: node server.js"), 5, 14, "services.foo.command",
                        "expected a list of strings, e.g. [\"node\", \"server.js\"]"),
                bad("command as a mapping", service("command: {run: node}"), 5, 14, "services.foo.command",
                        "got a mapping"),
                bad("null in command", service("command: [node, ~]"), 5, 21, "services.foo.command[1]", "has no value"),
                bad("environment as a list", service("environment: [A=1]"), 5, 18, "services.foo.environment",
                        "expected a mapping of NAME: value, got a list"),
                bad("environment value missing", service("environment:\n  TOKEN:\n"), 6, 13,
                        "services.foo.environment.TOKEN", "has no value (write \"\" for an empty string)"),
                bad("environment value is a mapping", service("environment: {A: {b: c}}"), 5, 22,
                        "services.foo.environment.A", "expected a string, got a mapping"),
                bad("environment name with =", service("environment: {\"A=B\": x}"), 5, 19,
                        "services.foo.environment.A=B", "is not a variable name"),
                bad("reserved label", service("labels: {io.mcpfleet.service: x}"), 5, 14,
                        "services.foo.labels.io.mcpfleet.service", "prefix is reserved"),
                bad("auto_start yes", service("auto_start: yes"), 5, 17, "services.foo.auto_start",
                        "\"yes\" is not a boolean here; write true or false"),
                bad("auto_start word", service("auto_start: maybe"), 5, 17, "services.foo.auto_start",
                        "expected true or false, got \"maybe\""),

                // resources
                bad("memory with a bad unit", service("resources: {memory: \"12XB\"}"), 5, 25,
                        "services.foo.resources.memory", "\"12XB\" is not a size (use e.g. 256MB, 512m, 1GiB)"),
                bad("negative memory", service("resources: {memory: -5MB}"), 5, 25, "services.foo.resources.memory",
                        "is not a size"),
                bad("memory without unit is bytes", service("resources: {memory: 256}"), 5, 25,
                        "services.foo.resources.memory", "256B is below Docker's minimum of 6MiB; a number without a unit is bytes: did you mean 256MB?"),
                bad("zero memory", service("resources: {memory: 0}"), 5, 25, "services.foo.resources.memory",
                        "must be greater than 0"),
                bad("cpu is a word", service("resources: {cpu: half}"), 5, 22, "services.foo.resources.cpu",
                        "is not a number of CPU cores"),
                bad("zero cpu", service("resources: {cpu: 0}"), 5, 22, "services.foo.resources.cpu", "must be greater than 0"),
                bad("negative cpu", service("resources: {cpu: -1}"), 5, 22, "services.foo.resources.cpu", "must be greater than 0"),
                bad("too many cpus", service("resources: {cpu: 100}"), 5, 22, "services.foo.resources.cpu", "more than 64 cores"),
                bad("resources is a list", service("resources: [256MB]"), 5, 16, "services.foo.resources",
                        "expected a mapping, got a list"),

                // sleep_policy
                bad("misspelt idle_timeout", service("sleep_policy: {idle_timout: 5m}"), 5, 20,
                        "services.foo.sleep_policy.idle_timout", "unknown key; did you mean `idle_timeout`?"),
                bad("idle_timeout in words", service("sleep_policy: {idle_timeout: 5 minutes}"), 5, 34,
                        "services.foo.sleep_policy.idle_timeout", "\"5 minutes\" is not a duration (use e.g. 300 (seconds), 90s"),
                bad("idle_timeout zero", service("sleep_policy: {idle_timeout: 0}"), 5, 34,
                        "services.foo.sleep_policy.idle_timeout", "must be longer than 0"),
                bad("idle_timeout negative", service("sleep_policy: {idle_timeout: -5}"), 5, 34,
                        "services.foo.sleep_policy.idle_timeout", "must be a positive duration"),
                bad("unknown priority", service("sleep_policy: {priority: urgent}"), 5, 30,
                        "services.foo.sleep_policy.priority", "\"urgent\" is not one of low, normal, high, critical"),
                bad("priority near miss", service("sleep_policy: {priority: hihg}"), 5, 30,
                        "services.foo.sleep_policy.priority", "did you mean `high`?"),
                bad("unknown sleep mode", service("sleep_policy: {mode: freeze}"), 5, 26,
                        "services.foo.sleep_policy.mode", "is not one of stop, pause"),
                bad("sleep_policy enabled on", service("sleep_policy: {enabled: on}"), 5, 29,
                        "services.foo.sleep_policy.enabled", "write true or false"),
                bad("sleep_policy is a scalar", service("sleep_policy: true"), 5, 19, "services.foo.sleep_policy",
                        "expected a mapping, got \"true\""),

                // replicas
                bad("min above max", service("replicas: {min: 5, max: 2}"), 5, 21, "services.foo.replicas.min",
                        "min (5) is greater than max (2)"),
                bad("min above default max", service("replicas: {min: 12}"), 5, 21, "services.foo.replicas.min",
                        "the default when max is not set"),
                bad("max above ceiling", service("replicas: {max: 500}"), 5, 21, "services.foo.replicas.max",
                        "must be between 1 and 100, got 500"),
                bad("negative min", service("replicas: {min: -1}"), 5, 21, "services.foo.replicas.min",
                        "must be between 0 and 100, got -1"),
                bad("max zero", service("replicas: {max: 0}"), 5, 21, "services.foo.replicas.max", "must be between 1 and 100"),

                // health and mcp
                bad("http health without path", service("health: {type: http}"), 5, 5, "services.foo.health.path",
                        "is required when type is http"),
                bad("unknown health type", service("health: {type: grpc}"), 5, 20, "services.foo.health.type",
                        "is not one of mcp, http, tcp"),
                bad("health path without slash", service("health: {type: http, path: healthz}"), 5, 32,
                        "services.foo.health.path", "must start with /"),
                bad("interval with a space", service("health: {interval: 10 s}"), 5, 24, "services.foo.health.interval",
                        "is not a duration"),
                bad("zero threshold", service("health: {healthy_threshold: 0}"), 5, 33,
                        "services.foo.health.healthy_threshold", "must be between 1 and 100"),
                bad("mcp path without slash", service("mcp: {path: mcp}"), 5, 17, "services.foo.mcp.path", "must start with /"),
                bad("unknown session mode", service("mcp: {sessions: sticky}"), 5, 21, "services.foo.mcp.sessions",
                        "is not one of stateful, stateless"),

                // transport: stdio
                bad("unknown transport", service("transport: sse"), 5, 16, "services.foo.transport",
                        "is not one of http, stdio"),
                bad("port with stdio", "services:\n  foo:\n    image: mcp/foo:1\n    transport: stdio\n    port: 8000\n",
                        5, 11, "services.foo.port", "is not allowed with transport: stdio"),
                bad("mcp path with stdio", "services:\n  foo:\n    image: mcp/foo:1\n    transport: stdio\n"
                        + "    mcp: {path: /rpc}\n", 5, 17, "services.foo.mcp.path", "is not allowed with transport: stdio"),
                bad("tcp health with stdio", "services:\n  foo:\n    image: mcp/foo:1\n    transport: stdio\n"
                        + "    health: {type: tcp}\n", 5, 20, "services.foo.health.type", "must be mcp with transport: stdio"),
                bad("stdio section on an http service", service("stdio: {max_in_flight: 4}"), 5, 5, "services.foo.stdio",
                        "applies only to transport: stdio"),
                bad("max_in_flight zero", "services:\n  foo:\n    image: mcp/foo:1\n    transport: stdio\n"
                        + "    stdio: {max_in_flight: 0}\n", 5, 28, "services.foo.stdio.max_in_flight",
                        "must be between 1 and 10000"),
                bad("max_message_size not a size", "services:\n  foo:\n    image: mcp/foo:1\n    transport: stdio\n"
                        + "    stdio: {max_message_size: huge}\n", 5, 31, "services.foo.stdio.max_message_size",
                        "\"huge\" is not a size"),
                bad("max_message_size tiny", "services:\n  foo:\n    image: mcp/foo:1\n    transport: stdio\n"
                        + "    stdio: {max_message_size: 10}\n", 5, 31, "services.foo.stdio.max_message_size",
                        "must be between 1KiB and 256MiB"),
                bad("max_buffered below max_message_size", "services:\n  foo:\n    image: mcp/foo:1\n    transport: stdio\n"
                        + "    stdio: {max_message_size: 8MiB, max_buffered: 1MiB}\n", 5, 5, "services.foo.stdio",
                        "must be at least stdio.max_message_size"),
                bad("misspelt stdio key", "services:\n  foo:\n    image: mcp/foo:1\n    transport: stdio\n"
                        + "    stdio: {max_inflight: 4}\n", 5, 13, "services.foo.stdio.max_inflight",
                        "did you mean `max_in_flight`?"),

                // routing and autoscale
                bad("unknown balancing", service("routing: {balancing: random}"), 5, 26, "services.foo.routing.balancing",
                        "is not one of least_connections, round_robin, weighted"),
                bad("unknown retry", service("routing: {retry: sometimes}"), 5, 22, "services.foo.routing.retry",
                        "is not one of auto, always, never"),
                bad("too many attempts", service("routing: {max_attempts: 11}"), 5, 29, "services.foo.routing.max_attempts",
                        "must be between 1 and 10"),
                bad("queue limit zero", service("routing: {queue_limit: 0}"), 5, 28, "services.foo.routing.queue_limit",
                        "must be between 1 and 100000"),
                bad("target_cpu above one", service("autoscale: {target_cpu: 1.5}"), 5, 29,
                        "services.foo.autoscale.target_cpu", "must be a fraction between 0 and 1"),
                bad("target_in_flight zero", service("autoscale: {target_in_flight: 0}"), 5, 35,
                        "services.foo.autoscale.target_in_flight", "must be greater than 0"),
                bad("panic_threshold one", service("autoscale: {panic_threshold: 1}"), 5, 34,
                        "services.foo.autoscale.panic_threshold", "must be greater than 1"),
                bad("panic window longer than stable window", service("autoscale: {stable_window: 10s, panic_window: 1m}"),
                        5, 51, "services.foo.autoscale.panic_window", "panic_window (1m) must not be longer than stable_window (10s)"),

                // hardening and network
                bad("cap_drop as a string", service("hardening: {cap_drop: ALL}"), 5, 27, "services.foo.hardening.cap_drop",
                        "expected a list of strings"),
                bad("bad capability", service("hardening: {cap_add: [\"NET ADMIN\"]}"), 5, 27,
                        "services.foo.hardening.cap_add[0]", "is not a capability name"),
                bad("relative tmpfs", service("hardening: {tmpfs: [tmp]}"), 5, 25, "services.foo.hardening.tmpfs[0]",
                        "\"tmp\" is not an absolute path"),
                bad("negative pids_limit", service("hardening: {pids_limit: -1}"), 5, 29,
                        "services.foo.hardening.pids_limit", "must be at least 1"),
                bad("egress yes", service("network: {egress: yes}"), 5, 23, "services.foo.network.egress", "write true or false"),
                bad("constraint without operator", service("placement: {constraints: [east]}"), 5, 31,
                        "services.foo.placement.constraints[0]", "is not a placement constraint"),
                bad("placement preferences", service("placement: {preferences: [{spread: node.labels.zone}]}"), 5, 30,
                        "services.foo.placement.preferences", "Swarm spreads by preference only among the tasks of one"),

                // tools
                bad("tools is a mapping", service("tools: {name: search}"), 5, 12, "services.foo.tools", "expected a list of tools"),
                bad("tool without name", service("tools: [{description: x}]"), 5, 13, "services.foo.tools[0].name", "is required"),
                bad("tool named twice", service("tools: [{name: search}, {name: search}]"), 5, 36,
                        "services.foo.tools[1].name", "tool \"search\" is declared twice"),
                bad("tool name with spaces", service("tools: [{name: search docs}]"), 5, 20, "services.foo.tools[0].name",
                        "is not a valid tool name"),
                bad("input schema not an object", service("tools: [{name: a, inputSchema: {type: string}}]"), 5, 36,
                        "services.foo.tools[0].inputSchema", "must declare type: object"),
                bad("both schema spellings", service("tools: [{name: a, inputSchema: {}, input_schema: {}}]"), 5, 54,
                        "services.foo.tools[0].input_schema", "set either inputSchema or input_schema, not both"),
                bad("misspelt tool key", service("tools: [{name: a, inputschema: {}}]"), 5, 23,
                        "services.foo.tools[0].inputschema", "did you mean `inputSchema`?"),

                // defaults
                bad("tools in defaults", "defaults:\n  tools: []\nservices:\n  foo: {image: mcp/foo, port: 80}\n", 2, 3,
                        "defaults.tools", "cannot be shared through defaults"),
                bad("unknown key in defaults", "defaults:\n  resource: {memory: 1G}\nservices:\n  foo: {image: mcp/foo, port: 80}\n",
                        2, 3, "defaults.resource", "did you mean `resources`?"),
                bad("bad value in defaults", "defaults:\n  resources: {memory: lots}\nservices:\n  foo: {image: mcp/foo, port: 80}\n",
                        2, 23, "defaults.resources.memory", "is not a size"),
                bad("bad default overridden everywhere is still reported",
                        "defaults:\n  port: -1\nservices:\n  foo: {image: mcp/foo, port: 80}\n", 2, 9, "defaults.port",
                        "must be between 1 and 65535"),

                // Variables
                bad("unset variable", service("environment: {TOKEN: \"${GITHUB_TOKEN}\"}"), 5, 26,
                        "services.foo.environment.TOKEN", "environment variable GITHUB_TOKEN is not set"),
                bad("unclosed variable", service("command: [\"${SET\"]"), 5, 15, "services.foo.command[0]", "is not closed"),
                bad("bad variable name", service("command: [\"${1X}\"]"), 5, 15, "services.foo.command[0]",
                        "is not a variable reference"),
                bad("unsupported variable form", service("command: [\"${SET:?required}\"]"), 5, 15, "services.foo.command[0]",
                        "write ${NAME} or ${NAME:-default}"),

                // Duplicates at any depth
                bad("duplicate key in a service", service("image: mcp/other:2"), 5, 5, "services.foo.image",
                        "duplicate key (first defined at line 3)"),
                bad("duplicate environment variable", service("environment:\n  A: 1\n  A: 2\n"), 7, 7,
                        "services.foo.environment.A", "duplicate key (first defined at line 6)"),

                // YAML itself
                bad("tab indentation", "services:\n\tfoo: {image: mcp/foo, port: 80}\n", 2, 1, "",
                        "a tab character; YAML indentation must use spaces"),
                bad("unclosed quote", service("command: [\"node]\n"), 6, 1, "", "quoted scalar that starts at line 5"),
                bad("inconsistent indentation", "services:\n  foo:\n    image: mcp/foo\n   port: 80\n", 4, 4, "",
                        "indentation does not match"),
                bad("two documents", "services: {}\n---\nservices: {}\n", 2, 1, "", "more than one document"),
                bad("a value after a value", service("command: node: server"), 5, 18, "", "mapping values are not allowed here"),
                bad("recursive alias", "services:\n  foo: &foo {image: mcp/foo, port: 80, tools: [*foo]}\n", 2, 8,
                        "services.foo.tools[0]", "recursive anchor"),
                bad("undefined alias", service("command: *nope"), 5, 14, "", "found undefined alias nope"),
                bad("custom tag", service("command: [!env IMAGE]"), 5, 15, "services.foo.command[0]", "YAML tags such as !env"),
                bad("complex key", service("? [a, b]\n: c\n"), 5, 7, "services.foo", "keys must be plain words, not lists"),
                bad("merge of a scalar", service("<<: 5"), 5, 9, "services.foo.<<", "a merge key (<<) takes a mapping"),
                bad("control character", "services:\n  foo: {image: \"mcp/foo\u0007\", port: 80}\n", 2, 24, "",
                        "control character U+0007"),
                bad("alias bomb", aliasBomb(), 0, 0, "", "aliases"),
                bad("deep nesting", "services: " + "[".repeat(60) + "]".repeat(60) + "\n", 1, 61, "", "nested deeper than 50"));
    }

    /** Each level doubles the one before: 2^60 values if expanded. */
    private static String aliasBomb() {
        StringBuilder yaml = new StringBuilder("x-0: &l0 [a, b]\n");
        for (int i = 1; i <= 60; i++) {
            yaml.append("x-").append(i).append(": &l").append(i).append(" [*l").append(i - 1).append(", *l").append(i - 1).append("]\n");
        }
        return yaml.append("services:\n  foo: {image: mcp/foo, port: 80}\n").toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void everyBadInputIsReportedAtItsLineColumnAndKey(BadInput bad) {
        ConfigException e = assertThatExceptionOfType(ConfigException.class)
                .isThrownBy(() -> ConfigLoader.parse(bad.yaml(), "config/services.yml", ENV))
                .actual();

        assertThat(e.problems()).as(e.getMessage()).anySatisfy(problem -> {
            assertThat(problem.message()).contains(bad.message());
            assertThat(problem.key()).startsWith(bad.key());
            if (bad.line() > 0) {
                assertThat(problem.line()).isEqualTo(bad.line());
                assertThat(problem.column()).isEqualTo(bad.column());
            }
        });
    }

    @Test
    void thereAreAtLeastFortyBadInputs() {
        assertThat(badInputs().count()).isGreaterThanOrEqualTo(40);
    }
}
