package io.mcpfleet.router.routing;

import io.mcpfleet.router.json.EnvelopeScanner;
import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.BackendStream;
import io.mcpfleet.router.upstream.InitParams;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.router.upstream.UpstreamException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets up the backend sessions calls go through, and drops the ones that failed. A stateful
 * service gets one backend session per client session and instance (a binding), opened as that
 * client, with the client's log level and a GET stream relayed to the client's; a stateless one
 * gets pooled sessions, one per instance and per set of capabilities clients can share
 * ({@link PooledCapabilities}), each shared by every client with that set.
 */
final class BackendSessions {

    private static final Logger log = LoggerFactory.getLogger(BackendSessions.class);

    /** The longest a new binding waits for its GET stream to open (a healthy server answers in a round trip). */
    private static final Duration STREAM_OPEN_WAIT = Duration.ofSeconds(1);

    private final UpstreamClient upstream;
    private final EnvelopeScanner scanner;
    private final Consumer<String> relearn;
    private final Duration setupTimeout;

    BackendSessions(UpstreamClient upstream, EnvelopeScanner scanner, Consumer<String> relearn,
                    Duration setupTimeout) {
        this.upstream = upstream;
        this.scanner = scanner;
        this.relearn = relearn;
        this.setupTimeout = setupTimeout;
    }

    /**
     * Binds the client session to the instance: a backend session opened with the client's own
     * initialize parameters and log level, whose GET stream is relayed to the client's.
     *
     * @throws UpstreamException when the session cannot be opened
     */
    Target bind(CallContext ctx, Backend backend) {
        BackendSession session = upstream.open(backend.service, backend.ref, ctx.initParams(), setupTimeout);
        String level = ctx.logLevel();
        if (level != null) {
            try {
                upstream.request(session, "logging/setLevel", JsonRpc.object().put("level", level), setupTimeout);
            } catch (UpstreamException e) {
                log.debug("instance {} refused logging/setLevel: {}", backend.id(), e.getMessage());
            }
        }
        BackendStream stream = ctx.relaysServerStream()
                ? upstream.listen(session, new BoundStreamRelay(ctx, scanner, relearn)) : null;
        if (stream != null && !backend.streamHeadLate
                && PooledCapabilities.declaresRoots(ctx.initParams().capabilities())) {
            awaitAnswered(stream, backend);
        }
        SessionBindings.Binding binding = new SessionBindings.Binding(backend, session, stream);
        ctx.bindings().bind(backend.service, binding);
        return new Target(backend, session, binding);
    }

    /**
     * Waits, briefly, until the server has answered the binding's GET stream. A server asks a
     * client that has roots for them outside any call, on that stream, right after
     * {@code initialize} (the reference server does, and again from within the first call): sent
     * before the stream is open, the question is lost and the server waits a minute for an answer
     * that never comes. Servers that send no head before their first event (those built on the MCP
     * Java SDK) would make every binding wait the whole bound: an instance that kept it waiting is
     * not waited for again.
     */
    private void awaitAnswered(BackendStream stream, Backend backend) {
        try {
            long waitMillis = Math.min(STREAM_OPEN_WAIT.toMillis(), setupTimeout.toMillis());
            stream.answered().toCompletableFuture().get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            backend.streamHeadLate = true;
            log.debug("instance {} sends no head on its GET stream before an event; new bindings no longer wait "
                    + "for it", backend);
        } catch (ExecutionException e) {
            log.debug("the GET stream of a new backend session on {} failed: {}", backend, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The instance's pooled session for clients that present {@code init}, opened on first use or
     * after it was dropped.
     *
     * @param init the client's {@link CallContext#pooledInitParams()}
     * @throws UpstreamException when it cannot be opened
     */
    BackendSession pooled(Backend backend, InitParams init) {
        BackendSession session = pooledAtOnce(backend, init);
        if (session != null) {
            return session;
        }
        synchronized (backend) {
            session = backend.pooled.get(init.capabilities());
            if (session == null || session.closed()) {
                session = upstream.open(backend.service, backend.ref, init, setupTimeout);
                backend.pooled.put(init.capabilities(), session);
            }
            return session;
        }
    }

    /** The instance's pooled session for clients that present {@code init} when it is open; else {@code null}. */
    BackendSession pooledAtOnce(Backend backend, InitParams init) {
        BackendSession session = backend.pooled.get(init.capabilities());
        return session != null && !session.closed() ? session : null;
    }

    /** Drops the target's session after a failure: the client's binding, or the instance's pooled session. */
    void forget(CallContext ctx, Target target, String why) {
        if (target.binding() != null) {
            log.info("dropping the binding of a client session to instance {} of service {}: {}",
                    target.backend().id(), target.backend().service, why);
            ctx.bindings().unbind(target.backend().service, target.binding());
        } else if (target.backend().dropPooled(target.session())) {
            upstream.close(target.session());
        }
    }
}
