package io.mcpfleet.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** Every value of a full file replaced by hostile ones: the loader answers with a ConfigException or a config, nothing else. */
class HostileValuesTest {

    private static final String FULL = """
            defaults:
              resources:
                memory: 128MB
            services:
              foo:
                image: mcp/foo:1
                entrypoint: [node]
                command: [server.js]
                port: 8000
                environment:
                  A: b
                labels:
                  team: x
                resources:
                  memory: 256MB
                  cpu: 0.5
                auto_start: false
                sleep_policy:
                  enabled: true
                  idle_timeout: 5m
                  priority: normal
                  mode: stop
                  drain_timeout: 30s
                replicas:
                  min: 0
                  max: 3
                health:
                  type: http
                  path: /healthz
                  interval: 10s
                  timeout: 2s
                  healthy_threshold: 1
                  unhealthy_threshold: 3
                  startup_interval: 100ms
                  startup_timeout: 60s
                mcp:
                  path: /mcp
                  sessions: stateful
                routing:
                  balancing: weighted
                  call_timeout: 2m
                  retry: auto
                  max_attempts: 3
                  queue_limit: 100
                  wake_timeout: 30s
                autoscale:
                  enabled: true
                  target_in_flight: 5
                  target_cpu: 0.5
                  stable_window: 60s
                  panic_window: 6s
                  panic_threshold: 2
                  scale_down_delay: 30s
                  cooldown: 5s
                hardening:
                  no_new_privileges: true
                  read_only: true
                  cap_drop: [ALL]
                  cap_add: [NET_BIND_SERVICE]
                  user: "1000"
                  tmpfs: [/tmp]
                  pids_limit: 100
                network:
                  egress: false
                tools:
                  - name: t
                    title: T
                    description: d
                    inputSchema: {type: object}
                    annotations: {readOnlyHint: true}
            """;

    private static final List<String> HOSTILE = List.of("0", "-1", "\"\"", "~", "[]", "{}", "x", "1e400", "-0.0",
            "99999999999999999999", "true", "\"${UNSET}\"", "[[[]]]", "{a: {b: c}}", "0.0000001", "1h1h", "\"\\t\"",
            "*nope", "&a [*a]", "!!binary aGk=", "\"" + "9".repeat(400) + "\"",
            // Long repetitive values: java.util.regex recurses per repeated group and must never see them whole.
            "a-".repeat(5_000) + "!", "a.".repeat(5_000) + "/", "1s".repeat(5_000), "\"" + "x".repeat(10_000) + "\"");

    private static final Pattern KEY_VALUE = Pattern.compile("^(\\s*-?\\s*[A-Za-z_]+:) .+$");

    @Test
    void theFullFileLoads() {
        assertThat(ConfigLoader.parse(FULL, "services.yml", Map.of()).service("foo")).isPresent();
    }

    @Test
    void noHostileValueAnywhereEscapesAsAnythingButAConfigException() {
        List<String> lines = FULL.lines().toList();
        int tried = 0;
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = KEY_VALUE.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            for (String value : HOSTILE) {
                List<String> mutated = new ArrayList<>(lines);
                mutated.set(i, m.group(1) + " " + value);
                String yaml = String.join("\n", mutated);
                tried++;
                try {
                    ConfigLoader.parse(yaml, "services.yml", Map.of());
                } catch (ConfigException expected) {
                    assertThat(expected.problems()).isNotEmpty();
                } catch (RuntimeException | Error e) {
                    String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
                    fail("line " + (i + 1) + " set to " + shown + " threw " + e, e);
                }
            }
        }
        assertThat(tried).isGreaterThan(1000);
    }
}
