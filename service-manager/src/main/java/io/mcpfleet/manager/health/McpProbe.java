package io.mcpfleet.manager.health;

import io.mcpfleet.manager.lifecycle.ProbeTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The default probe: an MCP {@code initialize} on the service's MCP path, which must be answered
 * by a JSON-RPC response, as JSON or as the first message of an event stream. A 404, an HTML page,
 * anything that is not JSON-RPC, or no answer within {@code health.timeout} is unhealthy, with a
 * detail that says what came back: a wrong {@code mcp.path} cannot look healthy.
 *
 * <p>A JSON-RPC {@code error} answer counts as healthy: it carries our request's id, so a JSON-RPC
 * server parsed our {@code initialize} at this path, which no wrong path or plain web server does.
 * A server of the 2026-07-28 revision, which has no {@code initialize}, answers exactly so; whether
 * it then serves calls is the router's to find out (its breakers), not a liveness question.
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
    private static final String SESSION_HEADER = "Mcp-Session-Id";
    private static final int MAX_ANSWER_BYTES = 256 * 1024;
    private static final String INITIALIZE = JsonMapper.shared().writeValueAsString(JsonRpcAnswer.initialize());

    private final HttpClient http;

    McpProbe(HttpClient http) {
        this.http = http;
    }

    CompletableFuture<ProbeResult> probe(ProbeTarget target) {
        String path = target.mcpPath();
        Duration timeout = target.check().timeout();
        HttpRequest request;
        URI uri;
        try {
            uri = URI.create(target.endpoint() + path);
            request = HttpRequest.newBuilder(uri)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json, text/event-stream")
                    .POST(HttpRequest.BodyPublishers.ofString(INITIALIZE))
                    .build();
        } catch (IllegalArgumentException e) {
            return CompletableFuture.completedFuture(ProbeResult.failed("bad endpoint " + target.endpoint()));
        }
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
                        return ProbeResult.failed(failure(error, path, timeout));
                    }
                    response.headers().firstValue(SESSION_HEADER).ifPresent(id -> endSession(uri, id));
                    double seconds = (System.nanoTime() - begin) / 1e9;
                    String detail = JsonRpcAnswer.judge(path, response.statusCode(),
                            response.headers().firstValue("Content-Type").orElse(null), response.body());
                    return new ProbeResult(detail == null, seconds, detail);
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

    private static String failure(Throwable error, String path, Duration timeout) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "no answer to initialize from " + path + " within " + timeout.toMillis() + " ms";
        }
        if (cause instanceof FirstAnswer.AnswerTooLarge) {
            return cause.getMessage() + " from " + path;
        }
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
