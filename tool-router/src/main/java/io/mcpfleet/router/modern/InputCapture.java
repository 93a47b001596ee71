package io.mcpfleet.router.modern;

import io.mcpfleet.router.routing.ClientGoneException;
import io.mcpfleet.router.routing.ReplySink;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A 2025 client's reply that keeps a 2026-07-28 server's {@code input_required} result for
 * {@link LegacyInputs} (the client has no such result) and lets everything else through.
 */
final class InputCapture implements ReplySink {

    private final ReplySink inner;
    private JsonNode inputRequired;
    private String instanceId;
    /** Whether the answer comes from a 2026-07-28 instance: a 2025 one never answers input_required. */
    private boolean modern;

    InputCapture(ReplySink inner) {
        this.inner = inner;
    }

    /** The {@code input_required} result the server answered, or {@code null}. */
    JsonNode inputRequired() {
        return inputRequired;
    }

    /** The instance that answered it (the retry goes there). */
    String instanceId() {
        return instanceId;
    }

    @Override
    public void intermediate(byte[] json) throws ClientGoneException {
        inner.intermediate(json);
    }

    @Override
    public void complete(byte[] json) throws ClientGoneException {
        if (modern && ModernReply.contains(json, ModernReply.INPUT_REQUIRED)) {
            JsonNode result = JsonMapper.shared().readTree(json).path("result");
            if ("input_required".equals(result.path("resultType").asString(null))) {
                inputRequired = result;
                return;
            }
        }
        inner.complete(json);
    }

    @Override
    public void abandon() {
        inner.abandon();
    }

    @Override
    public boolean streamed() {
        return inner.streamed();
    }

    @Override
    public void answeredBy(String service, String instanceId, boolean modern) {
        this.instanceId = instanceId;
        this.modern = modern;
        inner.answeredBy(service, instanceId, modern);
    }
}
