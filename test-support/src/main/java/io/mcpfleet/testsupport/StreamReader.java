package io.mcpfleet.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/** Reads a streamed HTTP answer (an SSE stream) in the background, to tell how it ended. */
public final class StreamReader {

    private StreamReader() {
    }

    /**
     * Reads {@code response}'s lines into {@code lines} until it ends; completes with {@code true}
     * when it ended properly (the last chunk came), {@code false} when the connection was cut.
     */
    public static CompletableFuture<Boolean> readToEnd(HttpResponse<InputStream> response, Queue<String> lines) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the stream was refused: HTTP " + response.statusCode());
        }
        return CompletableFuture.supplyAsync(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
                return true;
            } catch (IOException cut) {
                return false;
            }
        });
    }
}
