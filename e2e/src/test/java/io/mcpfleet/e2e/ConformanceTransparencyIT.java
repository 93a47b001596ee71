package io.mcpfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.testsupport.TestImages;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Transparency: with one service and {@code fleet.tools.prefix=none}, the fleet must be
 * indistinguishable from the server itself. The MCP conformance suite's server scenarios of
 * 2025-11-25 ({@code scripts/conformance.sh}) run against the reference server
 * ({@code server-everything}) directly and through the router, in the same run; every scenario
 * that passes directly must pass through the router. (Scenarios that fail directly call the
 * suite's own test tools or prompts, which the reference server does not have.)
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ConformanceTransparencyIT {

    private static final Pattern SUMMARY = Pattern.compile("^[✓✗] ([a-z0-9-]+): (\\d+) passed, (\\d+) failed$",
            Pattern.MULTILINE);

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              everything:
                image: %s
                port: 8000
                auto_start: true
            """.formatted(TestImages.reference())).routerArg("--fleet.tools.prefix=none").build();

    @Test
    void everyScenarioThatPassesAgainstTheServerPassesThroughTheRouter() throws Exception {
        FLEET.awaitTools("echo");
        List<RoutableInstance> instances = FLEET.managerApi().instances("everything").instances();
        String direct = instances.get(0).endpoint() + "/mcp";
        List<String> suite = install();

        Map<String, Boolean> directly = run(suite, direct);
        Map<String, Boolean> routed = run(suite, FLEET.mcpUrl());

        StringBuilder table = new StringBuilder("scenario | directly | through the router\n");
        directly.forEach((scenario, passed) -> table.append(scenario).append(" | ").append(passed ? "pass" : "fail")
                .append(" | ").append(Boolean.TRUE.equals(routed.get(scenario)) ? "pass" : "fail").append('\n'));
        // The side-by-side list, kept in the test output for the record (docs/router.md quotes it).
        System.out.println("conformance, server-everything directly and through the router:\n" + table);
        List<String> lost = directly.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey)
                .filter(s -> !Boolean.TRUE.equals(routed.get(s))).toList();
        assertThat(directly).as(table.toString()).containsKeys("resources-list", "prompts-list",
                "completion-complete", "tools-list");
        assertThat(directly.values()).as(table.toString()).contains(true);
        assertThat(lost).as(table.toString()).isEmpty();
    }

    private static List<String> install() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("bash", root.resolve("scripts/conformance.sh").toString(),
                root.resolve("e2e/target/conformance").toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("scripts/conformance.sh: " + out).isZero();
        return List.of(out.substring(out.lastIndexOf('\n') + 1).split(" "));
    }

    /** Every 2025-11-25 server scenario against {@code url}: whether each passed (no check failed). */
    private static Map<String, Boolean> run(List<String> suite, String url) throws Exception {
        List<String> command = new ArrayList<>(suite);
        command.addAll(List.of("server", "--url", url, "--spec-version", "2025-11-25"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        Map<String, Boolean> passed = new TreeMap<>();
        Matcher m = SUMMARY.matcher(out);
        while (m.find()) {
            passed.put(m.group(1), Integer.parseInt(m.group(3)) == 0);
        }
        assertThat(passed).as(out).isNotEmpty();
        return passed;
    }
}
