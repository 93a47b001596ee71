package io.mcpfleet.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * The manager's REST API as a test drives it (docs/api.md), with the API token when the fleet
 * has one. Answers other than 2xx fail with the status and body, except from {@link #get} and
 * {@link #post}, which return them as they are.
 */
public final class ManagerApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Long enough for a start that waits for health on a slow, shared machine. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(90);

    private final String baseUrl;
    private final String token;

    ManagerApi(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** {@code GET path} with the token, whatever the answer. */
    public HttpResponse<String> get(String path) {
        return send(request(path).GET());
    }

    /** {@code POST path} (no body) with the token, whatever the answer. */
    public HttpResponse<String> post(String path) {
        return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** {@code GET /services}. */
    public JsonNode services() {
        return json(get("/services"));
    }

    /** {@code GET /services/{name}/status}: state, desired replicas, every instance. */
    public JsonNode status(String service) {
        return json(get("/services/" + service + "/status"));
    }

    /** {@code POST /services/{name}/start}: waits until an instance is healthy. */
    public JsonNode start(String service) {
        return json(post("/services/" + service + "/start"));
    }

    /** {@code POST /services/{name}/stop}. */
    public JsonNode stop(String service) {
        return json(post("/services/" + service + "/stop"));
    }

    /** {@code POST /services/{name}/scale?replicas=N}. */
    public JsonNode scale(String service, int replicas) {
        return json(post("/services/" + service + "/scale?replicas=" + replicas));
    }

    /** {@code GET /services/{name}/instances}: the routable instances, as the router is given them. */
    public JsonNode instances(String service) {
        return json(get("/services/" + service + "/instances"));
    }

    /** The ids of the instances the router may route to ({@code GET /services/{name}/instances}). */
    public List<String> routableIds(String service) {
        List<String> ids = new ArrayList<>();
        json(get("/services/" + service + "/instances")).path("instances")
                .forEach(i -> ids.add(i.path("id").asString()));
        return ids;
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private static JsonNode json(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return RawResponse.JSON.readTree(response.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) {
        HttpRequest built = request.build();
        try {
            return HTTP.send(built, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(built.method() + " " + built.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + built.method() + " " + built.uri(), e);
        }
    }
}
