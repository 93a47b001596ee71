package io.mcpfleet.router.mcp;

import io.mcpfleet.router.routing.ClientGoneException;
import io.mcpfleet.router.routing.ReplySink;
import io.mcpfleet.router.sse.SseFormat;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The HTTP response to one POSTed request. It stays uncommitted until there is something to
 * send: a response alone goes out as a JSON body (when the client accepts JSON), anything before
 * it turns the reply into an SSE stream. Used by one thread at a time.
 */
final class HttpReply implements ReplySink {

    private final HttpServletResponse response;
    private final boolean acceptsJson;
    private final boolean acceptsSse;
    private ServletOutputStream sse;
    private boolean done;

    HttpReply(HttpServletResponse response, boolean acceptsJson, boolean acceptsSse) {
        this.response = response;
        this.acceptsJson = acceptsJson;
        this.acceptsSse = acceptsSse;
    }

    @Override
    public void intermediate(byte[] json) {
        if (done || !acceptsSse) {
            // A client that takes only JSON gets the response alone.
            return;
        }
        try {
            stream();
            SseFormat.writeMessage(sse, json);
            sse.flush();
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void complete(byte[] json) {
        if (done) {
            return;
        }
        done = true;
        try {
            if (sse == null && acceptsJson) {
                response.setStatus(200);
                response.setContentType("application/json");
                response.setContentLength(json.length);
                ServletOutputStream out = response.getOutputStream();
                out.write(json);
                out.close();
            } else {
                stream();
                SseFormat.writeMessage(sse, json);
                sse.close();
            }
        } catch (IOException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void abandon() {
        if (done) {
            return;
        }
        done = true;
        try {
            stream();
            sse.close();
        } catch (IOException e) {
            // the client is gone too
        }
    }

    @Override
    public boolean streamed() {
        return sse != null || done;
    }

    private void stream() throws IOException {
        if (sse == null) {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache");
            sse = response.getOutputStream();
            sse.flush();
        }
    }
}
