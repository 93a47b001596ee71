package io.mcpfleet.bench;

import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.ServiceStatus;
import io.mcpfleet.api.ServiceSummary;
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
import tools.jackson.databind.json.JsonMapper;

/** The service-manager's REST API and event stream, as the suite drives and watches it. */
final class ManagerApi {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** An event and when this process received it. */
    record Seen(FleetEvent event, Instant received) {
    }

    private final String base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Seen> events = new CopyOnWriteArrayList<>();
    private volatile InputStream eventStream;

    ManagerApi(String base) {
        this.base = base;
    }

    List<ServiceSummary> services() {
        return JSON.readValue(get("/services"), new TypeReference<List<ServiceSummary>>() {
        });
    }

    ServiceSummary service(String name) {
        return services().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    ServiceStatus status(String name) {
        return JSON.readValue(get("/services/" + name + "/status"), ServiceStatus.class);
    }

    void start(String name, boolean waitForHealthy) {
        post("/services/" + name + "/start" + (waitForHealthy ? "" : "?wait=false"));
    }

    void stop(String name) {
        post("/services/" + name + "/stop");
    }

    void scale(String name, int replicas) {
        post("/services/" + name + "/scale?replicas=" + replicas);
    }

    /** A GET and how long it took, in milliseconds (for API latency). */
    double timedGet(String path) {
        long t0 = System.nanoTime();
        get(path);
        return (System.nanoTime() - t0) / 1e6;
    }

    /** Waits until the predicate holds for the service's summary. */
    ServiceSummary await(String name, Predicate<ServiceSummary> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        ServiceSummary last = null;
        while (System.nanoTime() < deadline) {
            last = service(name);
            if (condition.test(last)) {
                return last;
            }
            Sleep.millis(20);
        }
        throw new IllegalStateException("service " + name + " did not become " + what + " within " + timeout.toSeconds()
                + " s (last: " + last + ")");
    }

    /** Follows {@code /events} on a daemon thread; every event is kept with the time it arrived. */
    void followEvents() {
        Thread t = new Thread(() -> {
            try {
                HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base + "/events"))
                        .header("Accept", "text/event-stream").GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                eventStream = r.body();
                BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
                StringBuilder data = new StringBuilder();
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    } else if (line.isEmpty() && !data.isEmpty()) {
                        events.add(new Seen(JSON.readValue(data.toString(), FleetEvent.class), Instant.now()));
                        data.setLength(0);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the manager stopped; the events so far stay
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "bench-events");
        t.setDaemon(true);
        t.start();
    }

    List<Seen> events() {
        return events;
    }

    void stopFollowing() {
        InputStream in = eventStream;
        if (in != null) {
            try {
                in.close();
            } catch (IOException e) {
                // done
            }
        }
    }

    String get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30)).GET().build());
    }

    private String post(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(request.method() + " " + request.uri() + " answered HTTP "
                        + r.statusCode() + ": " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(request.method() + " " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
