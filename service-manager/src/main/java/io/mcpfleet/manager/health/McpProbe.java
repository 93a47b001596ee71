package io.mcpfleet.manager.health;

import io.mcpfleet.manager.lifecycle.ProbeTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default probe: an MCP request on the service's MCP path in the server's own protocol era, which must be answered
 * by a JSON-RPC response, as JSON or as the first message of an event stream. A 404, an HTML page,
 * anything that is not JSON-RPC, or no answer within {@code health.timeout} is unhealthy, with a
 * detail that says what came back: a wrong {@code mcp.path} cannot look healthy.
 *
 * <p>The era: the first probe of an endpoint sends MCP 2026-07-28's {@code server/discover}; a
 * result naming 2026-07-28 makes it a modern server, which is then probed with
 * {@code server/discover} (it has no {@code initialize}: a 2025 request gets HTTP 400 there). Any
 * other answer (a 2025 server's 400 or JSON-RPC error) makes it a 2025 server, probed with
 * {@code initialize} from then on (at once, unless its answer was JSON-RPC already). The era is remembered per endpoint; a
 * remembered modern server that stops answering as one is asked again on the next probe.
 *
 * <p>A JSON-RPC {@code error} answer (with 2xx) counts as healthy: it carries our request's id, so
 * a JSON-RPC server parsed our request at this path, which no wrong path or plain web server does.
 *
 * <p>A stateful server opens a session for every {@code initialize}: when the answer names one
 * ({@code Mcp-Session-Id}), the probe ends it with a {@code DELETE}, sent after the verdict and not
 * waited for. Keeping one probe session per instance and sending {@code ping} would save the
 * session's set-up, but not a round trip, and it is slower where it matters: after a wake in stop
 * mode the server has restarted and forgotten the session, so the first probe would fail with 404
 * and need a second round trip to initialize again, on the caller's path.
 */
final class McpProbe {

    static final String PROTOCOL_VERSION = "2025-11-25";
    static final String MODERN_VERSION = "2026-07-28";
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final int MAX_ANSWER_BYTES = 256 * 1024;
    private static final String INITIALIZE = JsonMapper.shared().writeValueAsString(JsonRpcAnswer.initialize());
    private static final String DISCOVER = JsonMapper.shared().writeValueAsString(JsonRpcAnswer.discover());

    private final HttpClient http;
    /** Endpoints known to speak 2026-07-28 (true) or 2025 (false). */
    private final Map<String, Boolean> modernByEndpoint = new ConcurrentHashMap<>();

    McpProbe(HttpClient http) {
        this.http = http;
    }

    CompletableFuture<ProbeResult> probe(ProbeTarget target) {
        String endpoint = target.endpoint();
        Boolean modern = modernByEndpoint.get(endpoint);
        if (Boolean.FALSE.equals(modern)) {
            return send(target, false).thenApply(Sent::result);
        }
        return send(target, true).thenCompose(sent -> {
            if (sent.modern()) {
                modernByEndpoint.put(endpoint, true);
                return CompletableFuture.completedFuture(sent.result());
            }
            if (modern != null) {
                modernByEndpoint.remove(endpoint);
                return CompletableFuture.completedFuture(sent.result());
            }
            if (!sent.answered()) {
                // Not up yet (or gone): nothing learned, and initialize would fail the same way.
                return CompletableFuture.completedFuture(sent.result());
            }
            modernByEndpoint.put(endpoint, false);
            // A 2025 server that answered server/discover in JSON-RPC (an error) has shown itself
            // healthy already; one that refused it over HTTP (400: no session) is asked properly.
            return sent.result().healthy() ? CompletableFuture.completedFuture(sent.result())
                    : send(target, false).thenApply(Sent::result);
        });
    }

    /**
     * One probe request and its verdict.
     *
     * @param answered an HTTP answer came back (whatever it was)
     * @param modern   it was a {@code server/discover} result naming 2026-07-28
     */
    private record Sent(ProbeResult result, boolean answered, boolean modern) {
    }

    private CompletableFuture<Sent> send(ProbeTarget target, boolean discover) {
        String path = target.mcpPath();
        Duration timeout = target.check().timeout();
        HttpRequest request;
        URI uri;
        try {
            uri = URI.create(target.endpoint() + path);
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream");
            if (discover) {
                b.header("MCP-Protocol-Version", MODERN_VERSION).header("Mcp-Method", "server/discover");
            }
            request = b.POST(HttpRequest.BodyPublishers.ofString(discover ? DISCOVER : INITIALIZE)).build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(new Sent(ProbeResult.failed("bad endpoint " + target.endpoint()),
                    false, false));
        }
        String method = discover ? "server/discover" : "initialize";
        long begin = System.nanoTime();
        AtomicReference<FirstAnswer> reader = new AtomicReference<>();
        AtomicBoolean over = new AtomicBoolean();
        HttpResponse.BodyHandler<String> handler = info -> {
            boolean sse = info.headers().firstValue("Content-Type").orElse("").toLowerCase(Locale.ROOT)
                    .startsWith("text/event-stream");
            FirstAnswer answer = new FirstAnswer(sse, MAX_ANSWER_BYTES, JsonRpcAnswer::endsTheWait);
            reader.set(answer);
            if (over.get()) {
                // Headers after the probe timed out: do not read an endless stream for nobody.
                answer.cancel();
            }
            return answer;
        };
        return http.sendAsync(request, handler)
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((response, error) -> {
                    over.set(true);
                    FirstAnswer r = reader.get();
                    if (r != null) {
                        r.cancel();
                    }
                    if (error != null) {
                        return new Sent(ProbeResult.failed(failure(error, path, timeout, method)), false, false);
                    }
                    response.headers().firstValue(SESSION_HEADER).ifPresent(id -> endSession(uri, id));
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    String detail = JsonRpcAnswer.judge(path, response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(null), response.body());
                    boolean modern = discover && detail == null && JsonRpcAnswer.discoversModern(response.body());
                    return new Sent(new ProbeResult(detail == null, seconds, detail), true, modern);
                });
    }

    /** Ends the session the probe's {@code initialize} opened; best effort, nobody waits for it. */
    private void endSession(URI uri, String sessionId) {
        try {
            HttpRequest delete = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(5))
                    .header(SESSION_HEADER, sessionId)
                    .header("MCP-Protocol-Version", PROTOCOL_VERSION)
                    .DELETE()
                    .build();
            http.sendAsync(delete, HttpResponse.BodyHandlers.discarding());
        } catch (IllegalArgumentException e) {
            // A session id that is not a valid header value: nothing to end.
        }
    }

    private static String failure(Throwable error, String path, Duration timeout, String method) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "no answer to " + method + " from " + path + " within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof FirstAnswer.AnswerTooLarge) {
            return cause.getMessage() + " from " + path;
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
