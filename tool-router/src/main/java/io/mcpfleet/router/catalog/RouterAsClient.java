package io.mcpfleet.router.catalog;

import io.mcpfleet.router.failure.Failures;
import io.mcpfleet.router.json.Envelope;
import io.mcpfleet.router.json.JsonRpc;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.InitParams;
import io.mcpfleet.router.upstream.UpstreamClient;
import java.time.Duration;
import tools.jackson.databind.node.ObjectNode;

/**
 * The router as the client of its own learning session. It declares what the router relays to its
 * clients (roots, sampling, elicitation), because a server may list some tools only to clients
 * that have those (the reference server's roots, sampling and elicitation tools), and the catalog
 * lists every tool a client may call; a client without the capability gets the server's own
 * answer when it calls one. No one stands behind this session, so what a server asks on it is
 * answered at once: no roots, and no one to sample or elicit for.
 */
final class RouterAsClient {

    static final InitParams INIT = InitParams.router(capabilities());

    private RouterAsClient() {
    }

    private static String capabilities() {
        ObjectNode capabilities = JsonRpc.object();
        capabilities.putObject("roots");
        capabilities.putObject("sampling");
        ObjectNode elicitation = capabilities.putObject("elicitation");
        elicitation.putObject("form");
        elicitation.putObject("url");
        return JsonRpc.text(capabilities);
    }

    /** Answers a request a server sent on the learning session (anything else is left alone). */
    static void answer(UpstreamClient upstream, BackendSession session, Envelope message) {
        if (message.kind() != Envelope.Kind.REQUEST) {
            return;
        }
        ObjectNode noRoots = JsonRpc.object();
        noRoots.putArray("roots");
        byte[] answer = "roots/list".equals(message.method()) ? JsonRpc.result(message.idText(), noRoots)
                : Failures.error(message.idText(), Failures.METHOD_NOT_FOUND, "the router's own session has no user to "
                + "answer " + message.method() + "; a client's own call gets its answer");
        upstream.postLater(session, answer, Duration.ofSeconds(5));
    }
}
