package io.mcpfleet.router.discovery;

import io.github.resilience4j.core.IntervalFunction;
import io.mcpfleet.api.ActivityReport;
import io.mcpfleet.api.FleetEvent;
import io.mcpfleet.api.ServiceInstances;
import io.mcpfleet.api.ServiceSummary;
import io.mcpfleet.router.sse.SseDecoder;
import io.mcpfleet.router.sse.SseEvent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** {@link FleetDirectory} over the manager's REST API and its {@code /events} SSE stream. */
public class HttpFleetDirectory implements FleetDirectory {

    private static final Logger log = LoggerFactory.getLogger(HttpFleetDirectory.class);
    private static final TypeReference<List<ServiceSummary>> SUMMARIES = new TypeReference<>() {
    };
    private static final int MAX_EVENT_BYTES = 4 * 1024 * 1024;

    private final URI base;
    private final String apiToken;
    private final HttpClient http;
    private final JsonMapper json;
    private final Duration requestTimeout;
    /** The wait before the n-th reconnection in a row: doubling from reconnect-min to reconnect-max, each 50-150 %. */
    private final IntervalFunction reconnect;

    public HttpFleetDirectory(URI base, String apiToken, HttpClient http, JsonMapper json, Duration requestTimeout,
                              Duration reconnectMin, Duration reconnectMax) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.apiToken = apiToken == null || apiToken.isBlank() ? null : apiToken;
        this.http = http;
        this.json = json;
        this.requestTimeout = requestTimeout;
        this.reconnect = IntervalFunction.ofExponentialRandomBackoff(reconnectMin, 2.0, 0.5, reconnectMax);
    }

    @Override
    public List<ServiceSummary> services() {
        return json.readValue(get("services"), SUMMARIES);
    }

    @Override
    public ServiceInstances instances(String service) {
        return json.readValue(get("services/" + encode(service) + "/instances"), ServiceInstances.class);
    }

    @Override
    public void start(String service) {
        send(request("services/" + encode(service) + "/start?wait=false")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), "start " + service);
    }

    @Override
    public void startToLearn(String service) {
        send(request("services/" + encode(service) + "/start?wait=false&reason=learn-tools")
                .POST(HttpRequest.BodyPublishers.noBody()).build(), "start " + service + " to learn its tools");
    }

    @Override
    public void reportActivity(ActivityReport report) {
        send(request("activity").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(report))).build(), "report activity");
    }

    @Override
    public AutoCloseable subscribe(Listener listener) {
        EventLoop loop = new EventLoop(listener);
        Thread thread = new Thread(loop, "fleet-events");
        thread.setDaemon(true);
        thread.start();
        return () -> {
            loop.closed = true;
            loop.closeCurrent();
            thread.interrupt();
        };
    }

    private byte[] get(String path) {
        return send(request(path).header("Accept", "application/json").GET().build(), "GET /" + path);
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(requestTimeout);
        if (apiToken != null) {
            b.header("Authorization", "Bearer " + apiToken);
        }
        return b;
    }

    private byte[] send(HttpRequest request, String what) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new DirectoryException("cannot " + what + " at manager " + base + ": " + e, 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryException("interrupted while trying to " + what, 0, e);
        }
        if (response.statusCode() / 100 != 2) {
            String body = new String(response.body(), StandardCharsets.UTF_8);
            throw new DirectoryException("manager refused to " + what + ": HTTP " + response.statusCode() + " "
                    + (body.length() > 300 ? body.substring(0, 300) : body), response.statusCode(), null);
        }
        return response.body();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Reads {@code /events} on its own thread, reconnecting with jittered exponential back-off. */
    private final class EventLoop implements Runnable {
        private final Listener listener;
        private final AtomicReference<InputStream> current = new AtomicReference<>();
        private volatile boolean closed;
        private String lastEventId;

        EventLoop(Listener listener) {
            this.listener = listener;
        }

        @Override
        public void run() {
            int attempt = 0;
            boolean warned = false;
            while (!closed) {
                try {
                    if (readStream()) {
                        attempt = 0;
                        warned = false;
                    }
                } catch (IOException | DirectoryException e) {
                    if (!warned && !closed) {
                        log.warn("event stream of manager {} unavailable ({}); routing to known instances, retrying", base,
                                e.getMessage());
                        warned = true;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("event stream of manager {} failed; reconnecting", base, e);
                }
                if (closed) {
                    return;
                }
                try {
                    Thread.sleep(reconnect.apply(++attempt));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Returns true when a connection was established (so the back-off resets). */
        private boolean readStream() throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("events")).header("Accept", "text/event-stream")
                    .GET();
            if (apiToken != null) {
                b.header("Authorization", "Bearer " + apiToken);
            }
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId);
            }
            HttpResponse<InputStream> response = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                if (response.statusCode() != 200) {
                    throw new DirectoryException("GET /events answered HTTP " + response.statusCode(),
                            response.statusCode(), null);
                }
                current.set(in);
                if (closed) {
                    return true;
                }
                log.info("following events of manager {}", base);
                listener.onConnected();
                SseDecoder decoder = new SseDecoder(MAX_EVENT_BYTES, this::dispatch);
                byte[] buffer = new byte[8192];
                int n;
                while (!closed && (n = in.read(buffer)) >= 0) {
                    decoder.feed(buffer, 0, n);
                }
                if (!closed) {
                    log.info("event stream of manager {} ended; reconnecting", base);
                }
                return true;
            } finally {
                current.set(null);
            }
        }

        private void dispatch(SseEvent event) {
            if (event.id() != null) {
                lastEventId = event.id();
            }
            try {
                listener.onEvent(json.readValue(event.data(), FleetEvent.class));
            } catch (JacksonException e) {
                log.warn("ignoring a malformed {} event from the manager: {}", event.name(), e.getOriginalMessage());
            }
        }

        void closeCurrent() {
            InputStream in = current.get();
            if (in != null) {
                try {
                    in.close();
                } catch (IOException ignored) {
                    // closing only unblocks the reader
                }
            }
        }
    }
}
