package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The MCP TypeScript SDK 2.x client ({@code @modelcontextprotocol/client}, installed by
 * {@code scripts/ts-peer.sh}) in its 2026-07-28 mode, through the router to a 2025 service
 * ({@code beta}) and a 2026-07-28 one ({@code novel}): a modern client nobody here wrote.
 */
class TypeScriptModernClientIT extends RouterTestBase {

    private static Path peer;

    @BeforeAll
    static void install() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Process p = new ProcessBuilder("bash", root.resolve("scripts/ts-peer.sh").toString(),
                root.resolve("tool-router/target/ts-peer").toString()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("scripts/ts-peer.sh: " + out).isZero();
        peer = Path.of(out);
    }

    @org.junit.jupiter.api.BeforeEach
    void learned() {
        awaitTools("beta__echo", "novel__echo", "alpha__elicit", "alpha__sample");
    }

    private JsonNode run(String mode, String tool, String text) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("node", peer.toString(), mcpUrl(), mode, tool, text))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        JsonNode result = JSON.readTree(out.substring(out.lastIndexOf('\n') + 1));
        assertThat(result.has("error")).as(out).isFalse();
        return result;
    }

    @Test
    void autoNegotiationSettlesOnTheModernEraAndCallsA2025Service() throws Exception {
        JsonNode r = run("auto", "beta__echo", "ts to 2025");

        assertThat(r.path("protocolVersion").asString()).isEqualTo("2026-07-28");
        assertThat(r.path("discovered").path("supportedVersions").toString()).contains("2026-07-28", "2025-11-25");
        assertThat(r.path("tools").size()).isPositive();
        assertThat(r.path("ttlMs").asLong()).isEqualTo(30_000);
        assertThat(r.path("called").path("content").path(0).path("text").asString()).isEqualTo("ts to 2025");
    }

    @Test
    void aPinnedClientCallsAModernService() throws Exception {
        JsonNode r = run("pin", "novel__echo", "ts to 2026");

        assertThat(r.path("protocolVersion").asString()).isEqualTo("2026-07-28");
        assertThat(r.path("called").path("content").path(0).path("text").asString()).isEqualTo("ts to 2026");
    }

    @Test
    void aModernClientAnswersA2025ServersElicitationAndSamplingAsInputRounds() throws Exception {
        JsonNode elicited = run("ask", "alpha__elicit", "colour?");
        JsonNode sampled = run("ask", "alpha__sample", "capital?");

        assertThat(elicited.path("called").path("content").path(0).path("text").asString())
                .isEqualTo("accept {answer=ts:colour?}");
        assertThat(sampled.path("called").path("content").path(0).path("text").asString()).isEqualTo("ts:capital?");
    }
}
