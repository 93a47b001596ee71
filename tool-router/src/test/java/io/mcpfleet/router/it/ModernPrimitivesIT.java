package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawModernMcp;
import io.mcpfleet.testsupport.RawResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Prompts, resources and completions for a 2026-07-28 client (no session, {@code _meta} on every
 * request, {@code Mcp-Method} / {@code Mcp-Name} headers) through the router to the 2025 mimics of
 * {@link TestFleet}: the same routing as a 2025 session's (PrimitivesIT), with the modern path's
 * {@code resultType} on every result and cache hints on the lists.
 */
class ModernPrimitivesIT extends RouterTestBase {

    @BeforeEach
    void learned() {
        // The catalog learns prompts and resources beside the tools: wait until gamma's are in.
        await().atMost(Duration.ofSeconds(20)).until(() -> all("prompts/list", "prompts", "name").contains("gamma__greet")
                && all("resources/list", "resources", "uri").contains("mimic://gamma/notes"));
    }

    /** Every page of a list: the field {@code key} of each item of {@code items}. */
    private List<String> all(String method, String items, String key) {
        List<String> names = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode result = modern().request(method, cursor == null ? "" : "\"cursor\":\"" + cursor + "\"", null)
                    .answer().path("result");
            names.addAll(names(result.path(items), key));
            cursor = result.path("nextCursor").asString(null);
        } while (cursor != null);
        return names;
    }

    private RawModernMcp modern() {
        return RawModernMcp.to(RawMcp.to(mcpUrl()));
    }

    @Test
    void promptsAreListedAndGotUnderTheirFleetNames() {
        RawResponse listed = modern().request("prompts/list", "", null);
        RawResponse got = modern().request("prompts/get",
                "\"name\":\"gamma__greet\",\"arguments\":{\"name\":\"Ada\"}", "gamma__greet");

        JsonNode list = listed.answer().path("result");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(list.path("resultType").asString()).isEqualTo("complete");
        assertThat(list.path("ttlMs").asLong()).isPositive();
        assertThat(all("prompts/list", "prompts", "name")).contains("alpha__greet", "gamma__greet");
        JsonNode prompt = got.answer().path("result");
        assertThat(got.status()).as(got.body()).isEqualTo(200);
        assertThat(prompt.path("resultType").asString()).isEqualTo("complete");
        assertThat(prompt.path("messages").get(0).path("content").path("text").asString())
                .isEqualTo("Hello, Ada, from gamma-1");
    }

    @Test
    void resourcesAndTemplatesAreListedAndReadFromTheirService() {
        RawResponse listed = modern().request("resources/list", "", null);
        RawResponse templates = modern().request("resources/templates/list", "", null);
        RawResponse notes = modern().request("resources/read", "\"uri\":\"mimic://gamma/notes\"", "mimic://gamma/notes");
        RawResponse item = modern().request("resources/read", "\"uri\":\"mimic://gamma/items/42\"",
                "mimic://gamma/items/42");

        assertThat(listed.answer().path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(all("resources/list", "resources", "uri")).contains("mimic://about", "mimic://gamma/notes");
        assertThat(templates.answer().path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(all("resources/templates/list", "resourceTemplates", "uriTemplate"))
                .contains("mimic://gamma/items/{item}");
        assertThat(notes.status()).as(notes.body()).isEqualTo(200);
        assertThat(notes.answer().path("result").path("resultType").asString()).isEqualTo("complete");
        assertThat(notes.answer().path("result").path("contents").get(0).path("text").asString())
                .isEqualTo("notes of gamma from gamma-1");
        assertThat(item.answer().path("result").path("contents").get(0).path("text").asString())
                .isEqualTo("item 42 from gamma-1");
    }

    @Test
    void aCompletionGoesToThePromptsServiceUnderItsOwnName() {
        RawResponse completed = modern().request("completion/complete",
                "\"ref\":{\"type\":\"ref/prompt\",\"name\":\"gamma__greet\"},\"argument\":{\"name\":\"name\",\"value\":\"a\"}",
                null);

        JsonNode result = completed.answer().path("result");
        assertThat(completed.status()).as(completed.body()).isEqualTo(200);
        assertThat(result.path("resultType").asString()).isEqualTo("complete");
        assertThat(names(result.path("completion").path("values"), null)).containsExactly("alice");
    }

    @Test
    void anUnknownPromptOrUriIsTheSameClearErrorAsForA2025Session() {
        RawResponse prompt = modern().request("prompts/get", "\"name\":\"nobody__greet\"", "nobody__greet");
        RawResponse uri = modern().request("resources/read", "\"uri\":\"nothing://here\"", "nothing://here");

        assertThat(prompt.status()).isLessThan(500);
        assertThat(prompt.answer().path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(prompt.answer().path("error").path("message").asString()).contains("unknown prompt: nobody__greet");
        assertThat(uri.status()).isLessThan(500);
        assertThat(uri.answer().path("error").path("code").asInt()).isEqualTo(-32002);
    }

    private static List<String> names(JsonNode array, String field) {
        List<String> names = new ArrayList<>();
        array.forEach(n -> names.add(field == null ? n.asString() : n.path(field).asString()));
        return names;
    }
}
