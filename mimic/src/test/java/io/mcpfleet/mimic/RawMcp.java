package io.mcpfleet.mimic;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** Plain HTTP against a mimic, for what the SDK client hides: status codes, headers, content types. */
final class RawMcp {

    static final String ACCEPT_BOTH = "application/json, text/event-stream";

    private final HttpClient http = HttpClient.newHttpClient();
    private final RunningMimic mimic;

    RawMcp(RunningMimic mimic) {
        this.mimic = mimic;
    }

    /** Initializes a session at that protocol version and returns the answer (its session id in a header). */
    HttpResponse<String> initialize(String protocolVersion) {
        HttpResponse<String> answer = post(null, """
                {"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"%s",\
                "capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""".formatted(protocolVersion));
        String session = answer.headers().firstValue("Mcp-Session-Id").orElse(null);
        post(session, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}");
        return answer;
    }

    /** A session ready for calls. */
    String session() {
        return initialize("2025-11-25").headers().firstValue("Mcp-Session-Id").orElseThrow();
    }

    HttpResponse<String> callTool(String session, int id, String tool, String argumentsJson) {
        return post(session, """
                {"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"%s","arguments":%s}}"""
                .formatted(id, tool, argumentsJson));
    }

    HttpResponse<String> post(String session, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(mimic.mcpUrl()))
                .header("Content-Type", "application/json")
                .header("Accept", ACCEPT_BOTH)
                .POST(HttpRequest.BodyPublishers.ofString(json));
        if (session != null) {
            request.header("Mcp-Session-Id", session);
        }
        return send(request.build());
    }

    HttpResponse<String> delete(String session) {
        return send(HttpRequest.newBuilder(URI.create(mimic.mcpUrl())).header("Mcp-Session-Id", session).DELETE()
                .build());
    }

    HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(mimic.baseUrl() + path)).GET().build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }
}
