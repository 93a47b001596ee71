package io.mcpfleet.router.modern;

import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.routing.ClientGoneException;
import io.mcpfleet.router.routing.ReplySink;
import jakarta.servlet.http.HttpServletResponse;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A modern client's request to a 2025 server, held open while the server asks the client
 * something ({@code sampling/createMessage}, {@code elicitation/create}, {@code roots/list}). Each
 * question becomes an {@code input_required} result on the client's current request, with a
 * {@code requestState} from {@link InputRounds}; the thread running the call waits (at most the
 * rounds' timeout) for the client's retry, takes its {@code inputResponses} to the server on the
 * same backend session and goes on answering on the retry's HTTP response. A question the client
 * declared no capability for is refused to the server, as a 2025 client without it would. The
 * call's own thread is the only one that asks; a retry's thread only hands its turn over
 * ({@link #resume}) and waits for it to be answered.
 */
public final class HeldCall {

    private static final Logger log = LoggerFactory.getLogger(HeldCall.class);

    /** The HTTP request whose response answers the call now: the first request, then each retry. */
    public record Turn(ReplySink sink, HttpServletResponse response, String idJson, CountDownLatch answered) {

        public Turn(ReplySink sink, HttpServletResponse response, String idJson) {
            this(sink, response, idJson, new CountDownLatch(1));
        }

        /** Waits until the held call has written this turn's answer (a result, an error, or another round). */
        public void awaitAnswer() throws InterruptedException {
            answered.await();
        }
    }

    /** A client's retry: its answers and its turn. */
    public record Retry(JsonNode inputResponses, Turn turn) {
    }

    /** The call was given up: the client did not retry in time. */
    static final class NoRetry extends ClientGoneException {
        NoRetry(String message) {
            super(new java.io.IOException(message));
        }
    }

    private final InputRounds rounds;
    private final String capabilities;
    private final String method;
    private final String name;
    private final Consumer<byte[]> toServer;
    private Turn turn;

    /**
     * @param capabilities the client's {@code clientCapabilities} (JSON)
     * @param method       the request held (its retries must be the same request)
     * @param name         its {@code params.name} / {@code params.uri}, or {@code null}
     * @param first        the request that started the call
     * @param toServer     sends a response to the server's request (the id the client saw) to its backend session
     */
    public HeldCall(InputRounds rounds, String capabilities, String method, String name, Turn first,
                    Consumer<byte[]> toServer) {
        this.rounds = rounds;
        this.capabilities = capabilities;
        this.method = method;
        this.name = name;
        this.turn = first;
        this.toServer = toServer;
    }

    /**
     * Carries a server's request to the client as {@code input_required} rounds until the client
     * answers it (then the answer is on its way to the server and the reply goes on on the
     * retry's response), or refuses it to the server. Runs on the call's thread.
     *
     * @throws ClientGoneException when the client did not retry within the timeout (the call ends)
     */
    void ask(Envelope request, ModernReply reply) {
        JsonNode asked = JsonMapper.shared().readTree(request.bytes());
        String askedMethod = asked.path("method").asString("");
        String missing = ClientAbilities.missing(askedMethod, asked.path("params"), capabilities);
        if (missing != null) {
            log.info("refusing a server's {} to a {} client: {}", askedMethod, ModernGate.VERSION, missing);
            toServer.accept(ModernReply.serverRequestRefused(request.idText(), askedMethod, missing));
            return;
        }
        String key = request.idText().replace("\"", "");
        ObjectNode input = JsonRpc.object().put("method", askedMethod);
        ObjectNode params = asked.path("params").isObject() ? (ObjectNode) asked.path("params").deepCopy()
                : JsonRpc.object();
        if (askedMethod.equals("elicitation/create") && !params.has("mode")) {
            params.put("mode", "form"); // 2025-11-25's default, which 2026-07-28 spells out
        }
        input.set("params", params);
        while (true) {
            CompletableFuture<Retry> next = new CompletableFuture<>();
            String state = rounds.open(next, method, name);
            if (state == null) {
                log.warn("refusing a server's {} to a {} client: {} input rounds are open already", askedMethod,
                        ModernGate.VERSION, rounds.pending());
                toServer.accept(ModernReply.serverRequestRefused(request.idText(), askedMethod,
                        "the router holds too many calls waiting for their clients' input"));
                return;
            }
            ObjectNode result = JsonRpc.object().put("resultType", "input_required");
            result.putObject("inputRequests").set(key, input);
            result.put("requestState", state);
            reply.sendRound(JsonRpc.result(turn.idJson(), result));
            // The request's own thread returns now: a servlet response ends only when its thread does.
            turn.answered().countDown();
            Retry retry = await(next, state, askedMethod);
            turn = retry.turn();
            reply.continueWith(turn);
            JsonNode answer = retry.inputResponses().get(key);
            if (answer != null) {
                toServer.accept(JsonRpc.result(request.idText(), answer));
                return;
            }
            // The specification: a retry without what was asked gets the question again.
            log.debug("a {} retry lacks inputResponses.{}: asking again", ModernGate.VERSION, key);
        }
    }

    /** Hands a retry to the waiting call; false when the call gave the round up already. Runs on the retry's thread. */
    public static boolean resume(InputRounds.Round round, Retry retry) {
        return round.retry().complete(retry);
    }

    /**
     * Whether a call may be held for the client's input: only {@code tools/call}, {@code prompts/get}
     * and {@code resources/read} may answer {@code input_required}, and only to a client that
     * declared something a server may ask for. Such a call runs on a thread of its own while the
     * request's thread waits for its turn's answer; others run on the request's thread.
     */
    public static boolean mayAsk(String method, String capabilitiesJson) {
        if (!(method.equals("tools/call") || method.equals("prompts/get") || method.equals("resources/read"))) {
            return false;
        }
        JsonNode capabilities = JsonMapper.shared().readTree(capabilitiesJson);
        return capabilities.has("sampling") || capabilities.has("elicitation") || capabilities.has("roots");
    }

    /** The call ended: the turn waiting for its answer gets one (an error if nothing was written). */
    public void finish() {
        Turn t = turn;
        try {
            if (!t.sink().streamed() && !t.response().isCommitted()) {
                t.sink().complete(Failures.error(t.idJson(), -32603, "the call of " + method + " ended without an "
                        + "answer from its server; see the router log"));
            }
        } catch (ClientGoneException e) {
            // the retrying client is gone too
        } finally {
            t.answered().countDown();
        }
    }

    private Retry await(CompletableFuture<Retry> next, String state, String askedMethod) {
        long timeoutMillis = rounds.timeout().toMillis();
        try {
            return next.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            if (next.cancel(false)) {
                rounds.close(state);
                log.info("no {} retry answered a server's {} within {} ms: cancelling the call of {}",
                        ModernGate.VERSION, askedMethod, timeoutMillis, method);
                throw new NoRetry("no retry within " + timeoutMillis + " ms");
            }
            return next.join(); // the retry came in just then
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            rounds.close(state);
            throw new NoRetry("interrupted while waiting for a retry");
        } catch (ExecutionException | CancellationException e) {
            rounds.close(state);
            throw new NoRetry("the round ended: " + e);
        }
    }
}
