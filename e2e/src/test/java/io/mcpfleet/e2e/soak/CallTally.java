package io.mcpfleet.e2e.soak;

import io.mcpfleet.testsupport.RawResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;

/** Calls made and failed, by kind of call and by what went wrong. Thread-safe. */
final class CallTally {

    /** One kind's figures: calls, and failures by reason ({@code reason/retryable}). */
    record Figures(long calls, Map<String, Long> failures) {

        long failed() {
            return failures.values().stream().mapToLong(Long::longValue).sum();
        }

        long notRetryable() {
            return failures.entrySet().stream().filter(e -> !e.getKey().endsWith("/retryable"))
                    .mapToLong(Map.Entry::getValue).sum();
        }
    }

    private final Map<String, AtomicLong> calls = new ConcurrentHashMap<>();
    private final Map<String, Map<String, AtomicLong>> failures = new ConcurrentHashMap<>();

    /** Records one answer of a call of {@code kind}. */
    void record(String kind, RawResponse response) {
        calls.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        String failure = failure(response);
        if (failure != null) {
            fail(kind, failure);
        }
    }

    /** Records a call of {@code kind} that got no answer at all. */
    void recordException(String kind, RuntimeException e) {
        calls.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
        // The cause says what happened (a timeout, a reset); the wrapper only where it was caught.
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        fail(kind, "no answer: " + cause.getClass().getSimpleName());
        System.err.printf("soak: %s call got no answer: %s%n", kind, e.getMessage() + " <- " + cause);
    }

    Map<String, Figures> figures() {
        Map<String, Figures> out = new TreeMap<>();
        calls.forEach((kind, n) -> {
            Map<String, Long> byReason = new TreeMap<>();
            failures.getOrDefault(kind, Map.of()).forEach((reason, count) -> byReason.put(reason, count.get()));
            out.put(kind, new Figures(n.get(), byReason));
        });
        return out;
    }

    private void fail(String kind, String reason) {
        failures.computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
                .computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }

    /** Null for a successful result; otherwise the reason, marked {@code /retryable} when the answer says so. */
    private static String failure(RawResponse response) {
        if (response.status() != 200) {
            return "HTTP " + response.status();
        }
        JsonNode answer = response.answer();
        if (answer.has("result")) {
            return answer.path("result").path("isError").asBoolean() ? "tool error" : null;
        }
        JsonNode data = answer.path("error").path("data");
        return data.path("reason").asString("rpc error " + answer.path("error").path("code").asInt())
                + (data.path("retryable").asBoolean() ? "/retryable" : "");
    }
}
