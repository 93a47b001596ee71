package io.mcpfleet.router.modern;

import io.mcpfleet.router.routing.CallContext;
import io.mcpfleet.router.routing.CallHandle;
import io.mcpfleet.router.routing.SessionBindings;
import io.mcpfleet.router.upstream.BackendSession;
import io.mcpfleet.router.upstream.InitParams;

/** A client's context with its calls sent to one instance: the retry of an input_required round goes where the state was issued. */
record PinnedContext(CallContext inner, String instanceId) implements CallContext {

    @Override
    public InitParams initParams() {
        return inner.initParams();
    }

    @Override
    public InitParams pooledInitParams() {
        return inner.pooledInitParams();
    }

    @Override
    public String logLevel() {
        return inner.logLevel();
    }

    @Override
    public SessionBindings bindings() {
        return inner.bindings();
    }

    @Override
    public String serverRequest(BackendSession from, String backendIdJson) {
        return inner.serverRequest(from, backendIdJson);
    }

    @Override
    public void callStarted(String clientIdJson, CallHandle handle) {
        inner.callStarted(clientIdJson, handle);
    }

    @Override
    public void callEnded(String clientIdJson) {
        inner.callEnded(clientIdJson);
    }

    @Override
    public void toClientStream(byte[] json) {
        inner.toClientStream(json);
    }

    @Override
    public String pinnedInstance() {
        return instanceId;
    }

    @Override
    public boolean relaysServerStream() {
        return inner.relaysServerStream();
    }
}
