package io.mcpfleet.manager.bridge;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The requests one process has outstanding, under the bridge's ids, and what maps back to their
 * callers: progress tokens, and the server's own requests forwarded to a client. One lock guards it
 * all; every operation is a few map lookups.
 */
final class CallTable {

    /** Why a client's request was not taken. */
    enum Refusal { NONE, FULL, ENDED }

    private final int maxClientCalls;
    private final Map<Long, PendingCall> byId = new HashMap<>();
    private final Map<String, PendingCall> byToken = new HashMap<>();
    /** The server's requests forwarded to a client, by their id's JSON text, with the call they went to. */
    private final Map<String, PendingCall> serverRequests = new HashMap<>();
    private long nextId = 1;
    private int clientCalls;
    private boolean ended;

    CallTable(int maxClientCalls) {
        this.maxClientCalls = maxClientCalls;
    }

    /** A registration: the call, or why there is none. */
    record Registered(PendingCall call, Refusal refusal) {
    }

    /** Registers a client's request (or, with a {@code null} session, the bridge's own). */
    synchronized Registered register(BridgeSession session, JsonNode clientId, JsonNode clientToken, Caller caller) {
        if (ended) {
            return new Registered(null, Refusal.ENDED);
        }
        if (session != null && clientCalls >= maxClientCalls) {
            return new Registered(null, Refusal.FULL);
        }
        long id = nextId++;
        String bridgeToken = clientToken == null ? null : "fleet-bridge-" + id;
        PendingCall call = new PendingCall(id, clientId, session, clientToken, bridgeToken, caller);
        byId.put(id, call);
        if (bridgeToken != null) {
            byToken.put(bridgeToken, call);
        }
        if (session != null) {
            session.calls.put(id, call);
            clientCalls++;
        }
        return new Registered(call, Refusal.NONE);
    }

    /** Takes the call a response (by the bridge's id) ends, or {@code null} when none waits for it. */
    synchronized PendingCall complete(long id) {
        PendingCall call = byId.remove(id);
        if (call != null) {
            forget(call);
        }
        return call;
    }

    /**
     * Takes a client's call in flight by the client's id (it is cancelled), or {@code null}. A client
     * that reuses an id while it is in flight (JSON-RPC says it should not; load tools do) is still
     * served: each call has the bridge's own id, and a cancellation takes the oldest of that id.
     */
    synchronized PendingCall cancel(BridgeSession session, JsonNode clientId) {
        String key = Messages.key(clientId);
        PendingCall call = session.calls.values().stream().filter(c -> Messages.key(c.clientId()).equals(key))
                .min(java.util.Comparator.comparingLong(PendingCall::id)).orElse(null);
        if (call != null) {
            byId.remove(call.id());
            forget(call);
        }
        return call;
    }

    /** Takes a call the bridge gives up on (its caller went away), if it still waits. */
    synchronized boolean drop(PendingCall call) {
        if (byId.remove(call.id()) == null) {
            return false;
        }
        forget(call);
        return true;
    }

    /** The call in flight under the bridge's id, or {@code null} (a 2026-07-28 subscription's notifications name it). */
    synchronized PendingCall inFlight(long id) {
        return byId.get(id);
    }

    synchronized PendingCall byProgressToken(String token) {
        return byToken.get(token);
    }

    /** The one client call in flight, or {@code null} when there are none or several. */
    synchronized PendingCall onlyClientCall() {
        if (clientCalls != 1) {
            return null;
        }
        return byId.values().stream().filter(PendingCall::fromClient).findFirst().orElse(null);
    }

    synchronized int clientCalls() {
        return clientCalls;
    }

    synchronized void forwarded(String serverRequestKey, PendingCall to) {
        serverRequests.put(serverRequestKey, to);
    }

    /** Takes the call a server request was forwarded to, if {@code session} is the one it went to. */
    synchronized PendingCall answered(String serverRequestKey, BridgeSession session) {
        PendingCall to = serverRequests.get(serverRequestKey);
        if (to == null || to.session() != session) {
            return null;
        }
        return serverRequests.remove(serverRequestKey);
    }

    /** The call a server request went to (for the server's own cancellation of it), still pending or not. */
    synchronized PendingCall forwardedTo(String serverRequestKey) {
        return serverRequests.remove(serverRequestKey);
    }

    /** Ends the table: no more registrations; returns every call that was waiting. */
    synchronized List<PendingCall> end() {
        ended = true;
        List<PendingCall> all = new ArrayList<>(byId.values());
        byId.clear();
        byToken.clear();
        serverRequests.clear();
        all.forEach(this::forgetSession);
        clientCalls = 0;
        return all;
    }

    /** The client calls of a session that ends. */
    synchronized List<PendingCall> endSession(BridgeSession session) {
        List<PendingCall> calls = new ArrayList<>(session.calls.values());
        calls.forEach(call -> {
            byId.remove(call.id());
            forget(call);
        });
        return calls;
    }

    private void forget(PendingCall call) {
        if (call.bridgeToken() != null) {
            byToken.remove(call.bridgeToken());
        }
        if (!serverRequests.isEmpty()) {
            // A server request made during a call is answered before the call ends, or not at all.
            serverRequests.values().removeIf(to -> to == call);
        }
        if (call.fromClient()) {
            clientCalls--;
        }
        forgetSession(call);
    }

    private void forgetSession(PendingCall call) {
        if (call.session() != null) {
            call.session().calls.remove(call.id());
        }
    }
}
