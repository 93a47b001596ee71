package io.mcpfleet.router.activation;

import io.mcpfleet.router.config.RouterProperties;
import io.mcpfleet.router.discovery.RoutingSettings;
import io.mcpfleet.router.failure.RouteFailure;
import java.time.Duration;
import java.util.function.Consumer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

/**
 * Holds a call while its service wakes ({@link Activator}), and tells a client that sent a
 * progress token how long it has waited: a {@code notifications/progress} every
 * {@code fleet.backend.wake-progress-interval}. Only the wake path builds these notes, so they are
 * written with Jackson.
 */
@Component
public class WakeHold {

    private final Activator activator;
    private final JsonMapper json;
    private final Duration progressEvery;

    @Autowired
    WakeHold(Activator activator, JsonMapper json, RouterProperties properties) {
        this(activator, json, properties.backend().wakeProgressInterval());
    }

    /** @param progressEvery how often a held call with a progress token hears progress */
    public WakeHold(Activator activator, JsonMapper json, Duration progressEvery) {
        this.activator = activator;
        this.json = json;
        this.progressEvery = progressEvery;
    }

    /**
     * Returns once the service has a routable instance.
     *
     * @param name              what the call addresses at the service (for the failure)
     * @param deadlineNanos     the call's own deadline ({@link System#nanoTime()} scale)
     * @param progressTokenJson the client's progress token as raw JSON, or {@code null} for no progress
     * @param progress          receives each progress notification (UTF-8 JSON)
     * @throws RouteFailure queue full, wake failed or wake timeout
     */
    public void await(String service, String name, RoutingSettings settings, long deadlineNanos,
                      String progressTokenJson, Consumer<byte[]> progress) {
        if (progressTokenJson == null) {
            activator.awaitInstances(service, name, settings, deadlineNanos, null, null);
            return;
        }
        long[] count = {0};
        activator.awaitInstances(service, name, settings, deadlineNanos, progressEvery,
                waited -> progress.accept(note(progressTokenJson, ++count[0], service, waited)));
    }

    private byte[] note(String progressTokenJson, long progress, String service, long waitedMillis) {
        ObjectNode note = json.createObjectNode();
        note.put("jsonrpc", "2.0");
        note.put("method", "notifications/progress");
        ObjectNode params = note.putObject("params");
        // The client's token, byte for byte (a string or a number).
        params.putRawValue("progressToken", new RawValue(progressTokenJson));
        params.put("progress", progress);
        params.put("message", "waking service " + service + " (" + waitedMillis + " ms)");
        return json.writeValueAsBytes(note);
    }
}
