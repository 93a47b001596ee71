package io.mcpfleet.router.modern;

import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.routing.CallContext;
import io.mcpfleet.router.routing.ReplySink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A 2026-07-28 server's {@code input_required} result to a 2025 client, which knows no such
 * result: each input request is sent to the client as the server-to-client request it stands for,
 * on the call's SSE stream (as 2025-11-25 allows), and the call is retried at the same instance
 * with the answers as {@code inputResponses} and the server's {@code requestState}, until the
 * server completes (at most {@link #MAX_ROUNDS} rounds). A request the client declared no
 * capability for ends the call with a JSON-RPC error naming the capability. Thread-safe.
 */
public final class LegacyInputs {

    /** Rounds a server may ask for before the router gives the call up. */
    static final int MAX_ROUNDS = 8;
    /** The error of a call whose input the 2025 client cannot give. */
    public static final int CANNOT_ANSWER = Failures.INVALID_REQUEST;

    private static final Logger log = LoggerFactory.getLogger(LegacyInputs.class);

    /** One attempt of the call with {@code request} in {@code ctx}, answered on {@code sink}. */
    @FunctionalInterface
    public interface Caller {
        void call(CallContext ctx, Envelope request, ReplySink sink);
    }

    private final EnvelopeScanner scanner;
    private final Duration timeout;

    public LegacyInputs(EnvelopeScanner scanner, Duration timeout) {
        this.scanner = scanner;
        this.timeout = timeout;
    }

    /**
     * Runs the call, with input rounds as the server asks for them.
     *
     * @param capabilities what the client declared in {@code initialize} (JSON)
     * @param register     registers a request to the client whose answer completes the future; returns its id (JSON)
     */
    public void call(CallContext ctx, String capabilities, Function<CompletableFuture<byte[]>, String> register,
                     Envelope request, ReplySink reply, Caller caller) {
        ReplySink first = firstRound(reply);
        caller.call(ctx, request, first);
        resume(ctx, capabilities, register, request, reply, first, caller);
    }

    /**
     * The sink of a first attempt run elsewhere (started on an event loop): it passes everything
     * to {@code reply} but an {@code input_required} answer, which {@link #resume} then takes up.
     */
    public ReplySink firstRound(ReplySink reply) {
        return new InputCapture(reply);
    }

    /** Whether the attempt answered on {@code first} (from {@link #firstRound}) asked for input. */
    public boolean asked(ReplySink first) {
        return ((InputCapture) first).inputRequired() != null;
    }

    /**
     * Carries a call on after its first attempt answered on {@code first}: the rounds
     * {@link #call} would run (nothing when that attempt asked for no input). Blocks.
     */
    public void resume(CallContext ctx, String capabilities, Function<CompletableFuture<byte[]>, String> register,
                       Envelope request, ReplySink reply, ReplySink first, Caller caller) {
        CallContext context = ctx;
        InputCapture capture = (InputCapture) first;
        for (int round = 0; ; round++) {
            JsonNode asked = capture.inputRequired();
            if (asked == null) {
                return;
            }
            if (round == MAX_ROUNDS) {
                reply.complete(Failures.error(request.idText(), Failures.INVALID_REQUEST, "the server asked for input "
                        + MAX_ROUNDS + " times in " + request.method() + " and did not complete; the router gave up"));
                return;
            }
            ObjectNode responses = answers(asked, capabilities, register, request, reply);
            if (responses == null) {
                return;
            }
            ObjectNode retried = (ObjectNode) JsonMapper.shared().readTree(request.bytes());
            ObjectNode params = retried.path("params").isObject() ? (ObjectNode) retried.path("params")
                    : retried.putObject("params");
            params.set("inputResponses", responses);
            if (asked.path("requestState").isString()) {
                params.put("requestState", asked.path("requestState").asString());
            } else {
                params.remove("requestState");
            }
            Envelope current = scanner.scan(JsonRpc.bytes(retried));
            context = capture.instanceId() == null ? ctx : new PinnedContext(ctx, capture.instanceId());
            capture = new InputCapture(reply);
            caller.call(context, current, capture);
        }
    }

    /** Asks the client each input request; the answers by key, or {@code null} when the call ended with an error. */
    private ObjectNode answers(JsonNode asked, String capabilities,
                               Function<CompletableFuture<byte[]>, String> register, Envelope request,
                               ReplySink reply) {
        List<Map.Entry<String, JsonNode>> inputs = new ArrayList<>(asked.path("inputRequests").properties());
        for (Map.Entry<String, JsonNode> input : inputs) {
            String method = input.getValue().path("method").asString("");
            String missing = ClientAbilities.missing(method, input.getValue().path("params"), capabilities);
            if (missing != null) {
                log.info("a {} server asked a 2025 client for {} in {}: {}", ModernGate.VERSION, method,
                        request.method(), missing);
                reply.complete(Failures.error(request.idText(), CANNOT_ANSWER, "the server needs " + method
                        + " from the client to complete " + request.method() + ", and " + missing
                        + " in initialize; declare it to use this tool"));
                return null;
            }
        }
        List<CompletableFuture<byte[]>> pending = new ArrayList<>();
        for (Map.Entry<String, JsonNode> input : inputs) {
            CompletableFuture<byte[]> answer = new CompletableFuture<>();
            String idJson = register.apply(answer);
            JsonNode params = input.getValue().path("params");
            reply.intermediate(JsonRpc.request(idJson, input.getValue().path("method").asString(),
                    params.isObject() ? params : JsonRpc.object()));
            pending.add(answer);
        }
        ObjectNode responses = JsonRpc.object();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < inputs.size(); i++) {
            String method = inputs.get(i).getValue().path("method").asString();
            JsonNode answer;
            try {
                answer = JsonMapper.shared().readTree(pending.get(i).get(Math.max(0, deadline - System.nanoTime()),
                        TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                reply.complete(Failures.error(request.idText(), Failures.INVALID_REQUEST, "the client did not answer "
                        + method + " within " + timeout.toSeconds() + " s; the call of " + request.method()
                        + " was given up"));
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                reply.abandon();
                return null;
            } catch (ExecutionException e) {
                reply.abandon();
                return null;
            }
            if (!answer.path("result").isObject()) {
                reply.complete(Failures.error(request.idText(), Failures.INVALID_REQUEST, "the client answered "
                        + method + " with an error (" + answer.path("error").path("message").asString("no result")
                        + "), which a " + ModernGate.VERSION + " server cannot be told; the call of "
                        + request.method() + " ends here"));
                return null;
            }
            responses.set(inputs.get(i).getKey(), answer.path("result"));
        }
        return responses;
    }
}
