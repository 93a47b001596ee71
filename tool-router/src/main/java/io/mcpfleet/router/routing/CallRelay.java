package io.mcpfleet.router.routing;

import io.mcpfleet.router.catalog.ListChanges;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.MalformedJsonException;
import io.mcpfleet.router.json.Splice;
import io.mcpfleet.router.metrics.Outcome;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.router.upstream.UpstreamException;
import io.mcpfleet.router.upstream.UpstreamExchange;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a call: sends the rewritten request to the target's backend session and relays
 * what comes back to the client as it arrives: intermediate messages (progress, logging,
 * server-to-client requests with their ids mapped) and then the response (with the client's id
 * restored when ids were mapped).
 */
final class CallRelay {

    private static final Logger log = LoggerFactory.getLogger(CallRelay.class);

    private final UpstreamClient upstream;
    private final EnvelopeScanner scanner;
    private final Consumer<String> relearn;

    CallRelay(UpstreamClient upstream, EnvelopeScanner scanner, Consumer<String> relearn) {
        this.upstream = upstream;
        this.scanner = scanner;
        this.relearn = relearn;
    }

    /**
     * Runs the attempt: sends its request and relays the answer.
     *
     * @throws UpstreamException when the backend fails (the caller decides about a replay)
     */
    Outcome run(Call call, Attempt attempt) {
        Target target = attempt.target();
        UpstreamExchange exchange = upstream.send(target.session(), attempt.message(), call.ctx.logLevel());
        call.handle.attach(target.session(), attempt.backendId(), exchange);
        return relay(call, attempt, exchange);
    }

    /**
     * Relays the answer of the attempt's exchange (sent already, and attached to the call's handle)
     * as it arrives.
     *
     * @throws UpstreamException when the backend fails (the caller decides about a replay)
     */
    Outcome relay(Call call, Attempt attempt, UpstreamExchange exchange) {
        Target target = attempt.target();
        CallContext ctx = call.ctx;
        ReplySink sink = call.sink;
        boolean streaming = false;
        try {
            while (true) {
                Object item = exchange.next(call.deadlineNanos);
                if (item instanceof UpstreamExchange.Message m) {
                    Envelope e = scan(m.json(), target);
                    if (answers(e, attempt)) {
                        Outcome outcome = answer(call, attempt, e, m.json());
                        // A JSON answer has given its connection back already; a stream may end a
                        // moment after its answer, which the client need not wait for.
                        exchange.finish();
                        return outcome;
                    }
                    relayIntermediate(ctx, target, m.json(), e, sink);
                } else if (item instanceof UpstreamExchange.Head head) {
                    if (!(head.status() / 100 == 4 && target.session().modern())) {
                        // A 2026-07-28 server's 4xx carries a JSON-RPC error (unsupported version, a
                        // missing client capability...) for the client: relayed below as the answer.
                        UpstreamClient.checkStatus(head, target.backend().ref, call.request.method());
                    }
                    if (head.sse() && !streaming) {
                        streaming = true;
                        call.counters.streamOpened();
                    }
                } else if (item == UpstreamExchange.ABORTED && call.handle.cancelled()) {
                    sink.abandon();
                    return Outcome.CANCELLED;
                } else {
                    throw UpstreamClient.endOf(item, target.backend().ref, call.request.method());
                }
            }
        } catch (RuntimeException e) {
            // Whatever went wrong (the backend, the client, a bug), the connection must not leak.
            exchange.abort();
            throw e;
        } finally {
            if (streaming) {
                call.counters.streamClosed();
            }
        }
    }

    /** Whether a message from the backend is the attempt's response. */
    static boolean answers(Envelope e, Attempt attempt) {
        return e.kind() == Envelope.Kind.RESPONSE && attempt.backendId().equals(e.idText());
    }

    /**
     * Completes the client's reply with the attempt's response ({@code json}, scanned as {@code e}),
     * under the client's own id, and says how the call ended.
     */
    Outcome answer(Call call, Attempt attempt, Envelope e, byte[] json) {
        Backend backend = attempt.target().backend();
        byte[] response = attempt.backendId().equals(call.clientId) ? json
                : Splice.replace(json, e.id(), call.clientId);
        call.sink.answeredBy(backend.service, backend.id(), attempt.target().session().modern());
        call.sink.complete(response);
        return e.error() ? Outcome.RPC_ERROR : e.toolError() ? Outcome.TOOL_ERROR : Outcome.OK;
    }

    private void relayIntermediate(CallContext ctx, Target target, byte[] json, Envelope e, ReplySink sink) {
        switch (e.kind()) {
            case REQUEST -> {
                String clientSees = ctx.serverRequest(target.session(), e.idText());
                sink.intermediate(Splice.replace(json, e.id(), clientSees));
            }
            case NOTIFICATION -> {
                if (ListChanges.isListChanged(e.method())) {
                    // The router tells its clients itself once the catalog is refreshed.
                    relearn.accept(target.backend().service);
                } else {
                    sink.intermediate(json);
                }
            }
            default -> log.debug("dropping an unexpected message from {}: {}", target.session(), e.kind());
        }
    }

    /** @throws UpstreamException ({@code GARBAGE}) when it is not JSON */
    Envelope scan(byte[] json, Target target) {
        try {
            return scanner.scan(json);
        } catch (MalformedJsonException e) {
            throw new UpstreamException(UpstreamException.Kind.GARBAGE, "instance " + target.backend().id()
                    + " of service " + target.backend().service + " sent a message that is not JSON: "
                    + e.getMessage(), e);
        }
    }
}
