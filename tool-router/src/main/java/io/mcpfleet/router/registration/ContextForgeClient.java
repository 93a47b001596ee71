package io.mcpfleet.router.registration;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The part of ContextForge's REST API the router needs: list, create and update "gateways", which
 * is what ContextForge calls the MCP servers it federates.
 *
 * <ul>
 *   <li>{@code GET /gateways?include_inactive=true&limit=0}: a JSON array, or (when paginated)
 *       {@code {"gateways": [...], "nextCursor": "..."}}; both are read, and cursors followed.</li>
 *   <li>{@code POST /gateways} with {@code name, url, description, transport, auth_type, auth_token}:
 *       ContextForge connects to {@code url} before it answers (502 when it cannot), 409 when the
 *       name is taken.</li>
 *   <li>{@code PUT /gateways/{id}} with the same fields.</li>
 * </ul>
 * Requests carry {@code Authorization: Bearer <token>} or basic credentials. Nothing here logs;
 * error messages never contain the credentials or the body sent.
 */
final class ContextForgeClient {

    /** One federated server as ContextForge lists it (only the fields the router reads). */
    record Registration(String id, String name, String url, String transport) {
    }

    private static final int MAX_PAGES = 100;
    private static final int MAX_MESSAGE = 300;

    private final URI base;
    private final String authorization;
    private final List<String> secrets;
    private final HttpClient http;
    private final JsonMapper json;
    private final GatewayProperties properties;

    ContextForgeClient(GatewayProperties properties, String routerToken, HttpClient http, JsonMapper json) {
        this.properties = properties;
        String url = properties.url();
        this.base = URI.create(url.endsWith("/") ? url : url + "/");
        this.authorization = properties.token() != null ? "Bearer " + properties.token()
                : "Basic " + Base64.getEncoder().encodeToString(
                        (properties.username() + ":" + properties.password()).getBytes(StandardCharsets.UTF_8));
        List<String> known = new ArrayList<>();
        // The basic credentials as sent too: a gateway that echoes headers would show them encoded.
        String encoded = authorization.substring(authorization.indexOf(' ') + 1);
        for (String secret : new String[] {properties.token(), properties.password(), routerToken, encoded}) {
            if (secret != null && !secret.isBlank()) {
                known.add(secret);
            }
        }
        this.secrets = List.copyOf(known);
        this.http = http;
        this.json = json;
    }

    List<Registration> list() throws IOException, InterruptedException {
        List<Registration> all = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            String query = "gateways?include_inactive=true&limit=0"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode body = send("list gateways", HttpRequest.newBuilder(base.resolve(query)).GET());
            JsonNode items = body.isArray() ? body : body.path("gateways");
            items.forEach(item -> all.add(registration(item)));
            JsonNode next = body.isObject() ? body.path("nextCursor") : null;
            if (next == null || !next.isString() || next.asString().isEmpty()) {
                return all;
            }
            cursor = next.asString();
        }
        return all;
    }

    Registration create(Map<String, Object> registration) throws IOException, InterruptedException {
        return registration(send("create the registration", HttpRequest.newBuilder(base.resolve("gateways"))
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(registration)))));
    }

    Registration update(String id, Map<String, Object> registration) throws IOException, InterruptedException {
        URI target = base.resolve("gateways/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20"));
        return registration(send("update registration " + id, HttpRequest.newBuilder(target)
                .PUT(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(registration)))));
    }

    private JsonNode send(String what, HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request
                        .timeout(properties.requestTimeout())
                        .header("Authorization", authorization)
                        .header("Accept", "application/json")
                        .header("Content-Type", "application/json")
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        int status = response.statusCode();
        if (status / 100 != 2) {
            throw new GatewayApiException(what, status, message(response.body()));
        }
        try {
            return json.readTree(response.body().isBlank() ? "{}" : response.body());
        } catch (JacksonException e) {
            throw new GatewayApiException(what, status, "the answer is not JSON");
        }
    }

    private static Registration registration(JsonNode node) {
        return new Registration(text(node, "id"), text(node, "name"), text(node, "url"), text(node, "transport"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asString() : null;
    }

    /**
     * What the gateway said, short and safe to log: its {@code message} or {@code detail} when it
     * is JSON, with anything equal to a credential masked (validation errors may echo the input).
     */
    String message(String body) {
        String text = body == null ? "" : body.strip();
        try {
            JsonNode node = json.readTree(text);
            JsonNode said = node.has("message") ? node.get("message") : node.path("detail");
            if (!said.isMissingNode() && !said.isNull()) {
                text = said.isString() ? said.asString() : said.toString();
            }
        } catch (JacksonException e) {
            // not JSON: the text as it is, masked and cut below
        }
        for (String secret : secrets) {
            text = text.replace(secret, "******");
        }
        text = text.replaceAll("\\s+", " ");
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "..." : text;
    }
}
