package io.mcpfleet.testsupport;

import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.ScaleResponse;
import io.mcpfleet.api.ServiceInstances;
import io.mcpfleet.api.ServiceStatus;
import io.mcpfleet.api.ServiceSummary;
import io.mcpfleet.api.StartResponse;
import io.mcpfleet.api.StopResponse;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service-manager's REST API and event stream (docs/api.md) as tests and the benchmark suite
 * drive them, with the API token when there is one. Answers are read into the API's own types
 * ({@code io.mcpfleet.api}); answers other than 2xx fail with the status and body, except from
 * {@link #get} and {@link #post}, which return them as they are.
 */
public final class ManagerApi {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Fields the manager adds later must not break a test that does not look at them. */
    static final JsonMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    /** Long enough for a start that waits for health on a slow, shared machine. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

    private final String baseUrl;
    private final String token;

    /** The API at {@code baseUrl} ({@code http://127.0.0.1:9000}); {@code token} may be null. */
    public ManagerApi(String baseUrl, String token) {
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

    /** {@code GET /services}: every service, in file order. */
    public List<ServiceSummary> services() {
        return JSON.readValue(ok(get("/services")), new TypeReference<List<ServiceSummary>>() {
        });
    }

    /** One service's entry of {@code GET /services}. */
    public ServiceSummary service(String name) {
        return services().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("GET /services has no service " + name));
    }

    /** {@code GET /services/{name}/status}: state, desired replicas, every instance, the sleep block. */
    public ServiceStatus status(String service) {
        return JSON.readValue(ok(get("/services/" + service + "/status")), ServiceStatus.class);
    }

    /** {@code POST /services/{name}/start}: waits until an instance is healthy. */
    public StartResponse start(String service) {
        return JSON.readValue(ok(post("/services/" + service + "/start")), StartResponse.class);
    }

    /** {@code POST /services/{name}/start?wait=false}: answers once the container is created or woken. */
    public StartResponse startNoWait(String service) {
        return JSON.readValue(ok(post("/services/" + service + "/start?wait=false")), StartResponse.class);
    }

    /** {@code POST /services/{name}/stop}. */
    public StopResponse stop(String service) {
        return JSON.readValue(ok(post("/services/" + service + "/stop")), StopResponse.class);
    }

    /** {@code POST /services/{name}/scale?replicas=N}. */
    public ScaleResponse scale(String service, int replicas) {
        return JSON.readValue(ok(post("/services/" + service + "/scale?replicas=" + replicas)), ScaleResponse.class);
    }

    /** {@code GET /services/{name}/instances}: the routable instances, as the router is given them. */
    public ServiceInstances instances(String service) {
        return JSON.readValue(ok(get("/services/" + service + "/instances")), ServiceInstances.class);
    }

    /** The ids of the instances the router may route to ({@code GET /services/{name}/instances}). */
    public List<String> routableIds(String service) {
        return instances(service).instances().stream().map(RoutableInstance::id).toList();
    }

    /** Polls the service's summary every 20 ms until {@code condition} holds; fails after {@code timeout}. */
    public ServiceSummary await(String service, Predicate<ServiceSummary> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ServiceSummary last = null;
        while (System.nanoTime() < deadline) {
            last = service(service);
            if (condition.test(last)) {
                return last;
            }
            pause(20);
        }
        throw new AssertionError("service " + service + " did not become " + what + " within " + timeout.toSeconds()
                + " s (last: " + last + ")");
    }

    /**
     * Follows {@code GET /events} on a daemon thread from now on: every event is kept, in order, with
     * the time this process received it. Close the feed to stop.
     */
    public EventFeed followEvents() {
        HttpResponse<InputStream> response;
        HttpRequest.Builder request = request("/events").timeout(Duration.ofDays(1))
                .header("Accept", "text/event-stream");
        try {
            response = HTTP.send(request.GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException("GET " + baseUrl + "/events failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: GET " + baseUrl + "/events", e);
        }
        if (response.statusCode() != 200) {
            throw new AssertionError("GET " + baseUrl + "/events answered " + response.statusCode());
        }
        EventFeed feed = new EventFeed(response.body());
        Thread reader = new Thread(feed::read, "manager-events");
        reader.setDaemon(true);
        reader.start();
        return feed;
    }

    /** The manager's events as they arrive; {@link #close()} ends the stream. */
    public static final class EventFeed implements AutoCloseable {

        /** An event and when this process received it. */
        public record Seen(FleetEvent event, Instant received) {
        }

        private final InputStream stream;
        private final List<Seen> seen = new CopyOnWriteArrayList<>();

        private EventFeed(InputStream stream) {
            this.stream = stream;
        }

        /** Everything received so far, oldest first (a live list: it grows as events arrive). */
        public List<Seen> seen() {
            return seen;
        }

        /** The events received so far of one service, oldest first (a copy). */
        public List<FleetEvent> of(String service) {
            return seen.stream().map(Seen::event).filter(e -> service.equals(e.service())).toList();
        }

        private void read() {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                StringBuilder data = new StringBuilder();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("data:")) {
                        data.append(line.substring(5).strip());
                    } else if (line.isEmpty() && !data.isEmpty()) {
                        seen.add(new Seen(JSON.readValue(data.toString(), FleetEvent.class), Instant.now()));
                        data.setLength(0);
                    }
                }
            } catch (IOException | RuntimeException closed) {
                // the stream was closed, or the manager stopped: the events so far stay
            }
        }

        @Override
        public void close() {
            try {
                stream.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT);
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private static String ok(HttpResponse<String> response) {
        if (response.statusCode() / 100 != 2) {
            throw new AssertionError(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response.body();
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

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
