package io.mcpfleet.testsupport;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One HTTP answer of an MCP endpoint, read whole: its status, headers and the JSON-RPC messages
 * of its body, whether they came as one JSON document or as an SSE stream.
 */
public record RawResponse(int status, String contentType, String body, HttpResponse<String> http) {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** An answer read whole with {@code java.net.http}. */
    public static RawResponse of(HttpResponse<String> http) {
        return new RawResponse(http.statusCode(), http.headers().firstValue("Content-Type").orElse(""), http.body(),
                http);
    }

    public String header(String name) {
        return http.headers().firstValue(name).orElse(null);
    }

    public boolean isSse() {
        return contentType.startsWith("text/event-stream");
    }

    /** Every JSON-RPC message of the body, in the order they were sent (SSE comments and ids skipped). */
    public List<JsonNode> messages() {
        List<JsonNode> out = new ArrayList<>();
        if (isSse()) {
            for (String event : body.split("\r?\n\r?\n")) {
                StringBuilder data = new StringBuilder();
                for (String line : event.split("\r?\n")) {
                    if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    }
                }
                if (!data.isEmpty()) {
                    out.add(JSON.readTree(data.toString()));
                }
            }
        } else if (!body.isBlank()) {
            out.add(JSON.readTree(body));
        }
        return out;
    }

    /** The last message: the JSON-RPC response that ends a request's stream. */
    public JsonNode answer() {
        List<JsonNode> all = messages();
        if (all.isEmpty()) {
            throw new AssertionError("HTTP " + status + " with no JSON-RPC message: " + body);
        }
        return all.get(all.size() - 1);
    }

    /** The text of the answer's first content item, for a successful {@code tools/call}. */
    public String text() {
        JsonNode answer = answer();
        if (answer.has("error")) {
            throw new AssertionError("expected a result, got " + answer);
        }
        return answer.path("result").path("content").path(0).path("text").asString();
    }

    @Override
    public String toString() {
        return "HTTP " + status + " (" + contentType + "): " + body;
    }
}
