package io.mcpfleet.router.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.router.discovery.InstanceRef;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.FakeUpstream;
import io.mcpfleet.router.upstream.UpstreamClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The router's learning session declares what clients may have, and answers what servers ask on it at once. */
class RouterAsClientTest {

    private static final EnvelopeScanner SCANNER = new EnvelopeScanner(64);

    private final FakeUpstream backends = new FakeUpstream();
    private final UpstreamClient upstream = backends.client();
    private final BackendSession session = upstream.open("svc", new InstanceRef("a",
            URI.create(FakeUpstream.endpoint("a") + "/mcp")), RouterAsClient.INIT, Duration.ofSeconds(1));

    private JsonNode answerTo(String request) {
        RouterAsClient.answer(upstream, session, SCANNER.scan(request.getBytes(StandardCharsets.UTF_8)));
        return backends.instance("a").received().get(backends.instance("a").received().size() - 1);
    }

    @Test
    void theLearningSessionDeclaresRootsSamplingAndElicitation() {
        JsonNode capabilities = backends.instance("a").initialized().get(0).path("params").path("capabilities");

        assertThat(capabilities.has("roots")).isTrue();
        assertThat(capabilities.has("sampling")).isTrue();
        assertThat(capabilities.path("elicitation").has("form")).isTrue();
        assertThat(capabilities.path("elicitation").has("url")).isTrue();
    }

    @Test
    void askedForRootsItHasNone() {
        JsonNode answer = answerTo("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"roots/list\"}");

        assertThat(answer.path("id").asInt()).isEqualTo(3);
        assertThat(answer.path("result").path("roots").isArray()).isTrue();
        assertThat(answer.path("result").path("roots").isEmpty()).isTrue();
    }

    @Test
    void askedToSampleOrElicitItSaysNoOneIsThere() {
        JsonNode answer = answerTo("{\"jsonrpc\":\"2.0\",\"id\":\"e1\",\"method\":\"elicitation/create\",\"params\":{}}");

        assertThat(answer.path("id").asString()).isEqualTo("e1");
        assertThat(answer.path("error").path("code").asInt()).isEqualTo(-32601);
    }

    @Test
    void notificationsAreLeftAlone() {
        int before = backends.instance("a").received().size();

        RouterAsClient.answer(upstream, session, SCANNER.scan(
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\"params\":{}}".getBytes(StandardCharsets.UTF_8)));

        assertThat(backends.instance("a").received()).hasSize(before);
    }
}
