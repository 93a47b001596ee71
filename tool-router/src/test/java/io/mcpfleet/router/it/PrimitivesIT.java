package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.api.RoutableInstance;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Prompts, resources, templates and completions of several services through the router, against
 * real mimics (each offers some of its own and some that every mimic offers, see the mimic's
 * {@code Primitives}), driven by the MCP SDK client and by raw requests for the bad ones.
 */
class PrimitivesIT extends RouterTestBase {

    @Test
    void promptsAreListedUnderServiceNamesAndGotFromTheirService() {
        McpSyncClient client = learnedClient();

        List<String> names = allPrompts(client).stream().map(McpSchema.Prompt::name).toList();
        McpSchema.GetPromptResult greet = client.getPrompt(new McpSchema.GetPromptRequest("gamma__greet",
                Map.of("name", "Ada")));
        McpSchema.GetPromptResult brief = client.getPrompt(new McpSchema.GetPromptRequest("gamma__gamma-brief",
                Map.of()));

        assertThat(names).contains("alpha__greet", "gamma__greet", "gamma__gamma-brief", "alpha__alpha-brief")
                .doesNotHaveDuplicates().isSorted();
        assertThat(promptText(greet)).isEqualTo("Hello, Ada, from gamma-1");
        assertThat(promptText(brief)).isEqualTo("brief of gamma by gamma-1");
    }

    @Test
    void resourcesAreReadFromTheServiceThatListsThemAndACollisionGoesToTheFirstServiceByName() {
        McpSyncClient client = learnedClient();

        List<McpSchema.Resource> resources = allResources(client);
        String notes = readText(client, "mimic://gamma/notes");
        String about = readText(client, "mimic://about");

        assertThat(resources).extracting(McpSchema.Resource::uri)
                .contains("mimic://about", "mimic://gamma/notes", "mimic://alpha/notes").doesNotHaveDuplicates();
        assertThat(notes).isEqualTo("notes of gamma from gamma-1");
        // Every mimic lists mimic://about: the service whose name sorts first (alpha) owns it.
        assertThat(about).startsWith("mimic alpha-");
    }

    @Test
    void aUriMatchingATemplateIsReadFromTheTemplatesService() {
        McpSyncClient client = learnedClient();

        List<String> templates = client.listResourceTemplates().resourceTemplates().stream()
                .map(McpSchema.ResourceTemplate::uriTemplate).toList();
        String item = readText(client, "mimic://gamma/items/42");
        String echo = readText(client, "mimic://echo/hello");

        assertThat(templates).contains("mimic://echo/{text}", "mimic://gamma/items/{item}").doesNotHaveDuplicates();
        assertThat(item).isEqualTo("item 42 from gamma-1");
        assertThat(echo).startsWith("text hello from alpha-");
    }

    @Test
    void aCompletionOfAPromptArgumentGoesToThePromptsServiceUnderItsOwnName() {
        McpSyncClient client = learnedClient();

        McpSchema.CompleteResult result = client.completeCompletion(new McpSchema.CompleteRequest(
                new McpSchema.PromptReference("gamma__greet"), new McpSchema.CompleteRequest.CompleteArgument("name",
                "a")));

        assertThat(result.completion().values()).containsExactly("alice");
    }

    @Test
    void aSubscribedClientHearsTheResourceChangeFromItsService() {
        learnedClient();
        List<String> heard = new CopyOnWriteArrayList<>();
        McpSyncClient client = client(spec -> spec.resourcesUpdateConsumer(contents -> contents.forEach(c ->
                heard.add(c.uri()))));
        client.subscribeResource(new McpSchema.SubscribeRequest("mimic://gamma/notes"));

        readText(client, "mimic://gamma/items/touch");

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.contains("mimic://gamma/notes"));
        client.unsubscribeResource(new McpSchema.UnsubscribeRequest("mimic://gamma/notes"));
        assertThat(heard).contains("mimic://gamma/notes");
    }

    @Test
    void aReadForASleepingServiceWakesItAndIsAnswered() {
        learnedClient();
        fleet.directory.onStart("dreamer", name -> new Thread(() -> fleet.directory.publish(name,
                List.of(new RoutableInstance("dreamer-1", fleet.mimics.get("dreamer-1").baseUrl())))).start());
        fleet.directory.drain("dreamer");
        int starts = fleet.directory.starts("dreamer");
        McpSyncClient client = client();

        List<String> listedAsleep = allPrompts(client).stream().map(McpSchema.Prompt::name).toList();
        String notes = readText(client, "mimic://dreamer/notes");

        assertThat(listedAsleep).contains("dreamer__dreamer-brief");
        assertThat(notes).isEqualTo("notes of dreamer from dreamer-1");
        assertThat(fleet.directory.starts("dreamer")).isEqualTo(starts + 1);
    }

    @Test
    void initializeAdvertisesPromptsResourcesAndCompletionsTheFleetOffers() {
        learnedClient();
        McpSyncClient client = client();

        McpSchema.ServerCapabilities capabilities = client.getServerCapabilities();

        assertThat(capabilities.prompts()).isNotNull();
        assertThat(capabilities.prompts().listChanged()).isTrue();
        assertThat(capabilities.resources()).isNotNull();
        assertThat(capabilities.resources().subscribe()).isTrue();
        assertThat(capabilities.completions()).isNotNull();
    }

    @Test
    void badRequestsGetTheErrorThatSaysWhatIsWrong() {
        learnedClient();
        String session = rawSession("2025-11-25");

        JsonNode unknownPrompt = raw(session, "prompts/get", "{\"name\":\"nobody__greet\"}");
        JsonNode noName = raw(session, "prompts/get", "{}");
        JsonNode unknownUri = raw(session, "resources/read", "{\"uri\":\"nothing://here\"}");
        JsonNode noUri = raw(session, "resources/read", "{\"uri\":7}");
        JsonNode subscribeNobody = raw(session, "resources/subscribe", "{\"uri\":\"nothing://here\"}");
        JsonNode badRef = raw(session, "completion/complete",
                "{\"ref\":{\"type\":\"ref/tool\",\"name\":\"x\"},\"argument\":{\"name\":\"a\",\"value\":\"\"}}");
        JsonNode hugeCursor = raw(session, "prompts/list", "{\"cursor\":\"" + "A".repeat(50_000) + "\"}");

        assertThat(unknownPrompt.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(unknownPrompt.path("error").path("message").asString()).contains("unknown prompt: nobody__greet");
        assertThat(unknownPrompt.path("error").path("data").path("reason").asString()).isEqualTo("unknown_prompt");
        assertThat(noName.path("error").path("code").asInt()).isEqualTo(-32602);
        assertThat(unknownUri.path("error").path("code").asInt()).isEqualTo(-32002);
        assertThat(unknownUri.path("error").path("message").asString()).contains("unknown resource: nothing://here");
        assertThat(noUri.path("error").path("message").asString()).contains("params.uri");
        assertThat(subscribeNobody.path("error").path("data").path("reason").asString()).isEqualTo("unknown_resource");
        assertThat(badRef.path("error").path("message").asString()).contains("ref/prompt or ref/resource");
        assertThat(hugeCursor.path("error").path("code").asInt()).isEqualTo(-32602);
    }

    /** A client once the catalog has learned alpha's and gamma's prompts (they are learned in the background). */
    private McpSyncClient learnedClient() {
        McpSyncClient client = client();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            List<String> names = allPrompts(client).stream().map(McpSchema.Prompt::name).toList();
            return names.contains("alpha__greet") && names.contains("gamma__greet")
                    && names.contains("dreamer__dreamer-brief");
        });
        return client;
    }

    private static List<McpSchema.Prompt> allPrompts(McpSyncClient client) {
        List<McpSchema.Prompt> out = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListPromptsResult page = client.listPrompts(cursor);
            out.addAll(page.prompts());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    private static List<McpSchema.Resource> allResources(McpSyncClient client) {
        List<McpSchema.Resource> out = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListResourcesResult page = client.listResources(cursor);
            out.addAll(page.resources());
            cursor = page.nextCursor();
        } while (cursor != null);
        return out;
    }

    private static String readText(McpSyncClient client, String uri) {
        McpSchema.ReadResourceResult result = client.readResource(new McpSchema.ReadResourceRequest(uri));
        return ((McpSchema.TextResourceContents) result.contents().get(0)).text();
    }

    private static String promptText(McpSchema.GetPromptResult result) {
        return ((McpSchema.TextContent) result.messages().get(0).content()).text();
    }

    private JsonNode raw(String session, String method, String params) {
        return answer(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"" + method + "\",\"params\":" + params + "}",
                "Mcp-Session-Id", session));
    }
}
