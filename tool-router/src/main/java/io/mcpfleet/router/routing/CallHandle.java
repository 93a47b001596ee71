package io.mcpfleet.router.routing;

import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.UpstreamClient;
import io.mcpfleet.router.upstream.UpstreamExchange;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/** A call in flight, as {@code notifications/cancelled} finds it: where it went, under which id. */
public final class CallHandle {

    private final UpstreamClient upstream;
    private volatile BackendSession session;
    private volatile String backendIdJson;
    private volatile UpstreamExchange exchange;
    private volatile boolean cancelled;

    CallHandle(UpstreamClient upstream) {
        this.upstream = upstream;
    }

    void attach(BackendSession session, String backendIdJson, UpstreamExchange exchange) {
        this.session = session;
        this.backendIdJson = backendIdJson;
        this.exchange = exchange;
        if (cancelled) {
            exchange.abort();
        }
    }

    boolean cancelled() {
        return cancelled;
    }

    /**
     * Forwards the cancellation to the backend (with the backend's id) and stops relaying. Does not
     * wait (it may be called on an event loop): the notification goes out in the background and the
     * exchange is aborted once the backend has it (so the backend learns of the cancellation before
     * its connection closes), or at once when the call has not gone out yet.
     */
    public void cancel(String reasonJson) {
        cancelled = true;
        BackendSession s = session;
        String id = backendIdJson;
        if (s == null || id == null) {
            abortExchange();
            return;
        }
        ObjectNode params = JsonRpc.object();
        params.putRawValue("requestId", JsonRpc.raw(id));
        if (reasonJson != null) {
            params.putRawValue("reason", JsonRpc.raw(reasonJson));
        }
        // The backend is gone or refuses: the call ends here either way.
        upstream.postLater(s, JsonRpc.notification("notifications/cancelled", params), Duration.ofSeconds(5),
                this::abortExchange);
    }

    private void abortExchange() {
        UpstreamExchange e = exchange;
        if (e != null) {
            e.abort();
        }
    }
}
