package io.mcpfleet.router.front;

import io.mcpfleet.router.routing.ClientGoneException;
import io.mcpfleet.router.routing.ReplySink;
import io.mcpfleet.router.sse.SseFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The HTTP response to one POSTed request on a front-end connection, with {@code mcp/HttpReply}'s
 * semantics: a response alone goes out as a JSON body when the client accepts JSON, anything
 * before it turns the reply into an SSE stream flushed message by message. Safe to call from the
 * event loop or from a virtual thread; one writer at a time (a lock, not {@code synchronized}, so
 * a virtual thread is not pinned). Netty orders the writes of every thread on the channel's loop.
 */
final class ChannelReply implements ReplySink {

    private final Channel channel;
    private final boolean acceptsJson;
    private final boolean acceptsSse;
    private final boolean keepAlive;
    private final ReentrantLock lock = new ReentrantLock();
    private boolean streaming;
    private volatile boolean done;

    ChannelReply(Channel channel, boolean acceptsJson, boolean acceptsSse, boolean keepAlive) {
        this.channel = channel;
        this.acceptsJson = acceptsJson;
        this.acceptsSse = acceptsSse;
        this.keepAlive = keepAlive;
    }

    @Override
    public void intermediate(byte[] json) {
        lock.lock();
        try {
            if (done || !acceptsSse) {
                // A client that takes only JSON gets the response alone.
                return;
            }
            live();
            stream();
            channel.writeAndFlush(new DefaultHttpContent(sse(json)), channel.voidPromise());
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void complete(byte[] json) {
        lock.lock();
        try {
            if (done) {
                return;
            }
            done = true;
            live();
            if (!streaming && acceptsJson) {
                FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                        Unpooled.wrappedBuffer(json));
                response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                        .setInt(HttpHeaderNames.CONTENT_LENGTH, json.length);
                end(response);
            } else {
                stream();
                end(new DefaultLastHttpContent(sse(json)));
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void abandon() {
        lock.lock();
        try {
            if (done) {
                return;
            }
            done = true;
            if (channel.isActive()) {
                stream();
                end(LastHttpContent.EMPTY_LAST_CONTENT);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean streamed() {
        return streaming || done;
    }

    /** Whether the whole response was written (the connection can take its next request). */
    boolean answered() {
        return done;
    }

    private void live() {
        if (!channel.isActive()) {
            done = true;
            throw new ClientGoneException(new ClosedChannelException());
        }
    }

    private void stream() {
        if (streaming) {
            return;
        }
        streaming = true;
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream;charset=UTF-8")
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        if (!keepAlive) {
            head.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        channel.writeAndFlush(head, channel.voidPromise());
    }

    private void end(Object last) {
        if (last instanceof HttpResponse response && !keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        if (keepAlive) {
            channel.writeAndFlush(last, channel.voidPromise());
        } else {
            channel.writeAndFlush(last).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private ByteBuf sse(byte[] json) {
        ByteBuf buf = channel.alloc().buffer(json.length + 32);
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            SseFormat.writeMessage(out, json);
        } catch (IOException e) {
            buf.release();
            throw new IllegalStateException("writing to memory cannot fail", e);
        }
        return buf;
    }
}
