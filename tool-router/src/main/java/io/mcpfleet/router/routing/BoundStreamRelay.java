package io.mcpfleet.router.routing;

import io.mcpfleet.router.catalog.ListChanges;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.MalformedJsonException;
import io.mcpfleet.router.json.Splice;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.BackendStream;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Relays what a bound backend session sends on its GET stream (outside any call) to the client's
 * GET stream: notifications as they are, server-to-client requests under a router id. A tool list
 * change is the router's to announce, once its catalog is refreshed.
 */
final class BoundStreamRelay implements BackendStream.Sink {

    private static final Logger log = LoggerFactory.getLogger(BoundStreamRelay.class);

    private final CallContext ctx;
    private final EnvelopeScanner scanner;
    private final Consumer<String> relearn;

    BoundStreamRelay(CallContext ctx, EnvelopeScanner scanner, Consumer<String> relearn) {
        this.ctx = ctx;
        this.scanner = scanner;
        this.relearn = relearn;
    }

    @Override
    public void message(BackendSession session, byte[] json) {
        Envelope e;
        try {
            e = scanner.scan(json);
        } catch (MalformedJsonException ex) {
            log.debug("ignoring garbage on the GET stream of {}", session);
            return;
        }
        if (ListChanges.isListChanged(e.method())) {
            relearn.accept(session.service());
        } else if (e.kind() == Envelope.Kind.REQUEST) {
            ctx.toClientStream(Splice.replace(json, e.id(), ctx.serverRequest(session, e.idText())));
        } else if (e.kind() == Envelope.Kind.NOTIFICATION) {
            ctx.toClientStream(json);
        }
    }
}
