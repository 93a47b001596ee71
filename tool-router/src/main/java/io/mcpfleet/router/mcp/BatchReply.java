package io.mcpfleet.router.mcp;

import io.mcpfleet.router.routing.ClientGoneException;
import io.mcpfleet.router.routing.ReplySink;
import io.mcpfleet.router.sse.SseFormat;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

/**
 * The reply to a JSON-RPC batch (2025-03-26): one SSE stream carrying every element's messages,
 * or, for a client that takes only JSON, one JSON array of the responses. A batch of only
 * notifications and responses gets 202.
 */
final class BatchReply {

    private final HttpServletResponse response;
    private final boolean sse;
    private final ByteArrayOutputStream array = new ByteArrayOutputStream();
    private ServletOutputStream stream;
    private int responses;

    BatchReply(HttpServletResponse response, boolean acceptsJson, boolean acceptsSse) {
        this.response = response;
        this.sse = acceptsSse || !acceptsJson;
    }

    /** A sink for the next request of the batch. */
    ReplySink element() {
        return new ReplySink() {
            private boolean streamed;

            @Override
            public void intermediate(byte[] json) {
                if (sse) {
                    streamed = true;
                    write(json);
                }
            }

            @Override
            public void complete(byte[] json) {
                streamed = true;
                responses++;
                if (sse) {
                    write(json);
                } else {
                    array.write(array.size() == 0 ? '[' : ',');
                    array.writeBytes(json);
                }
            }

            @Override
            public void abandon() {
                streamed = true;
            }

            @Override
            public boolean streamed() {
                return streamed;
            }
        };
    }

    void finish() {
        try {
            if (responses == 0 && stream == null) {
                response.setStatus(202);
            } else if (sse) {
                stream.close();
            } else {
                array.write(']');
                response.setStatus(200);
                response.setContentType("application/json");
                response.setContentLength(array.size());
                response.getOutputStream().write(array.toByteArray());
            }
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    private void write(byte[] json) {
        try {
            if (stream == null) {
                response.setStatus(200);
                response.setContentType("text/event-stream");
                response.setCharacterEncoding("UTF-8");
                response.setHeader("Cache-Control", "no-cache");
                stream = response.getOutputStream();
            }
            SseFormat.writeMessage(stream, json);
            stream.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }
}
