package io.mcpfleet.manager.runtime;

import java.io.Closeable;
import java.io.IOException;

/** Closing what is being dropped on purpose (a stream, a client): a failure to close has nothing to report. */
final class Closing {

    private Closing() {
    }

    static void quietly(Closeable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (IOException | RuntimeException ignored) {
            // dropped on purpose; the engine side closes when the socket goes
        }
    }
}
