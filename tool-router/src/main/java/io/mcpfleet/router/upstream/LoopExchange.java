package io.mcpfleet.router.upstream;

import io.mcpfleet.router.sse.SseDecoder;
import io.mcpfleet.router.sse.SseTooLargeException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One POST to a backend over a keep-alive channel of the event loop that started it
 * ({@link LoopPool}): the request is written and its answer read on that loop. A whole 2xx JSON
 * body goes to {@link Listener#answered} there, and if the listener takes it the exchange is over
 * without a thread hand-off. Anything else (an SSE answer, an error status, a failure, the
 * deadline, an abort, a body the listener does not take) <em>diverts</em> the exchange: from then
 * on it is an ordinary {@link UpstreamExchange} that another thread reads with {@link #next(long)},
 * from its {@link Head} on, fed by the loop as the answer arrives. The channel goes back to the
 * loop's pool only when its answer was read to the end; otherwise it is closed.
 */
public final class LoopExchange implements UpstreamExchange {

    /** Told what became of the exchange, on its loop. */
    public interface Listener {

        /**
         * A whole 2xx body that is not an SSE stream (its channel is given back already).
         *
         * @return whether the listener took it as the answer (the exchange is then over); when it
         *         does not, the exchange is diverted with the body as its one {@link Message}
         */
        boolean answered(byte[] json);

        /** The exchange goes on as an {@link UpstreamExchange} for another thread to read. Told once. */
        void diverted();
    }

    private final LoopPool pool;
    private final InetSocketAddress address;
    private final byte[] head;
    private final byte[] body;
    private final int maxMessageBytes;

    // Used on the loop only.
    private Listener listener;
    private Channel channel;
    private ScheduledFuture<?> timer;
    private boolean diverted;
    /** The loop queued the last item (or the listener took the answer): nothing more comes from the channel. */
    private boolean done;
    private Head answerHead;
    private boolean headQueued;
    private boolean ok;
    private boolean keepAlive;
    private SseDecoder decoder;
    private byte[] bytes;
    private int length;
    private int limit;

    /** What the reading thread takes items from: made when the exchange is diverted (a JSON answer on the loop needs none). */
    private volatile Handover handover;
    private volatile boolean aborted;
    /** The reader has its answer ({@link #finish()}): the rest of the stream is read only to free the channel. */
    private volatile boolean discard;

    LoopExchange(LoopPool pool, InetSocketAddress address, byte[] head, byte[] body, int maxMessageBytes) {
        this.pool = pool;
        this.address = address;
        this.head = head;
        this.body = body;
        this.maxMessageBytes = maxMessageBytes;
    }

    /** The loop the exchange runs on. */
    public EventLoop loop() {
        return pool.loop();
    }

    /**
     * Sends the request, on an idle channel of the loop's pool or a new one. Call on the loop.
     *
     * @param deadlineNanos when the answer must be in ({@link System#nanoTime()} scale): then the exchange is
     *                      diverted, and its reader gets {@link #TIMEOUT}
     */
    public void start(long deadlineNanos, Listener listener) {
        this.listener = listener;
        if (aborted) {
            done = true;
            divert();
            return;
        }
        timer = pool.loop().schedule(this::deadline, Math.max(0, deadlineNanos - System.nanoTime()),
                TimeUnit.NANOSECONDS);
        Channel idle = pool.poll(address);
        if (idle != null) {
            write(idle);
            return;
        }
        ChannelFuture connecting = pool.connect(address);
        connecting.addListener(f -> {
            if (!f.isSuccess()) {
                failed(f.cause());
            } else if (done || diverted) {
                connecting.channel().close();
            } else {
                write(connecting.channel());
            }
        });
    }

    private void write(Channel c) {
        channel = c;
        LoopPool.attach(c, this);
        // One buffer of the channel's allocator (direct for a native transport): what a wrapped pair
        // of arrays would be copied into before the write anyway.
        ByteBuf request = c.alloc().ioBuffer(head.length + body.length);
        request.writeBytes(head).writeBytes(body);
        // A failed write reaches the channel's handler (exceptionCaught), which fails this exchange.
        c.writeAndFlush(request, c.voidPromise());
    }

    /** The response head arrived (on the loop). */
    void head(HttpResponse r) {
        if (r.decoderResult().isFailure()) {
            failed(r.decoderResult().cause());
            return;
        }
        int status = r.status().code();
        if (status < 200 || done) {
            return; // an interim response: the real one follows
        }
        String type = r.headers().get(HttpHeaderNames.CONTENT_TYPE);
        String sessionId = r.headers().get("Mcp-Session-Id");
        if (sessionId != null && !Http1Exchange.visibleAscii(sessionId)) {
            failed(new IOException("the instance sent an Mcp-Session-Id that is not visible ASCII"));
            return;
        }
        ok = status / 100 == 2;
        boolean sse = ok && Http1Exchange.eventStream(type);
        keepAlive = HttpUtil.isKeepAlive(r);
        answerHead = new Head(status, sse, sessionId);
        limit = ok ? maxMessageBytes : Http1Exchange.ERROR_BODY_LIMIT;
        long known = HttpUtil.getContentLength(r, -1L);
        if (sse) {
            decoder = new SseDecoder(maxMessageBytes, e -> {
                if (e.isMessage() && e.data().length > 0) {
                    queue(new Message(e.data()));
                }
            });
            divert();
        } else {
            bytes = new byte[known >= 0 && known <= limit ? (int) known : 512];
            if (!ok) {
                divert();
            }
        }
    }

    /** Body bytes arrived (on the loop). */
    void content(HttpContent c) {
        if (answerHead == null || done) {
            return;
        }
        if (c.decoderResult().isFailure()) {
            failed(c.decoderResult().cause());
            return;
        }
        ByteBuf buf = c.content();
        int n = buf.readableBytes();
        if (n > 0 && decoder != null) {
            byte[] chunk = new byte[n];
            buf.getBytes(buf.readerIndex(), chunk);
            try {
                decoder.feed(chunk, 0, n);
            } catch (SseTooLargeException e) {
                failed(e);
                return;
            }
        } else if (n > 0) {
            if (length + n > limit) {
                if (ok) {
                    failed(new SseTooLargeException(limit));
                } else {
                    // An error body is kept only as far as its head (a JSON-RPC error is small).
                    drop();
                    done = true;
                    queue(END);
                }
                return;
            }
            if (length + n > bytes.length) {
                bytes = Arrays.copyOf(bytes, (int) Math.min((long) limit, Math.max(length + n, bytes.length * 2L)));
            }
            buf.getBytes(buf.readerIndex(), bytes, length, n);
            length += n;
        }
        if (c instanceof LastHttpContent) {
            ended();
        }
    }

    /** The body ended: the channel goes back to the pool, the answer to the listener or the reader. */
    private void ended() {
        Channel c = channel;
        channel = null;
        LoopPool.attach(c, null);
        if (keepAlive && !aborted && c.isActive()) {
            pool.release(address, c);
        } else {
            c.close();
        }
        done = true;
        if (!diverted) {
            cancelTimer();
            byte[] json = length == bytes.length ? bytes : Arrays.copyOf(bytes, length);
            if (length > 0 && listener.answered(json)) {
                return;
            }
            queueHead();
            if (length > 0) {
                queue(new Message(json));
            }
            queue(END);
            divert();
            return;
        }
        if (decoder == null && length > 0 && (ok || bytes[0] == '{')) {
            // A 2026-07-28 server answers its protocol errors with 4xx and a JSON-RPC error, which a relay passes on.
            queue(new Message(Arrays.copyOf(bytes, length)));
        }
        queue(END);
    }

    /** The channel failed, or the answer is unusable (on the loop). */
    void failed(Throwable cause) {
        if (done) {
            return;
        }
        drop();
        done = true;
        queueHead();
        queue(new Failure(cause));
        divert();
    }

    private void deadline() {
        if (done || diverted) {
            return;
        }
        // The answer is not fully read: its channel cannot carry another exchange.
        drop();
        done = true;
        divert();
    }

    private void divert() {
        if (diverted) {
            return;
        }
        diverted = true;
        if (handover == null) {
            handover = new Handover();
        }
        cancelTimer();
        queueHead();
        listener.diverted();
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    private void queueHead() {
        if (answerHead != null && !headQueued) {
            headQueued = true;
            queue(answerHead);
        }
    }

    private void queue(Object item) {
        if (handover == null) {
            handover = new Handover();
        }
        if (!discard) {
            handover.add(item);
        }
    }

    /** Closes the channel, if the exchange still has one, without telling anyone. */
    private void drop() {
        Channel c = channel;
        if (c != null) {
            channel = null;
            LoopPool.attach(c, null);
            c.close();
        }
    }

    /** The next item; only once the exchange was diverted (the thread reading it is told so by {@link Listener#diverted}). */
    @Override
    public Object next(long deadlineNanos) {
        return handover.next(deadlineNanos, this);
    }

    /**
     * The answer is in hand: the loop reads what is left of the body, for at most
     * {@link Http1Exchange#DRAIN_NANOS}, so the channel can be reused; a stream that has not ended
     * by then is cut (its channel closed).
     */
    @Override
    public void finish() {
        discard = true;
        onLoop(() -> {
            if (channel != null) {
                Channel c = channel;
                pool.loop().schedule(() -> {
                    if (channel == c) {
                        drop();
                        done = true;
                    }
                }, Http1Exchange.DRAIN_NANOS, TimeUnit.NANOSECONDS);
            }
        });
    }

    /** Stops the exchange from any thread: its channel is closed, the reader gets {@link #ABORTED}. */
    @Override
    public void abort() {
        aborted = true;
        Handover h = handover;
        if (h != null) {
            h.wake();
        }
        onLoop(() -> {
            drop();
            if (listener != null && !done) { // not started: start() sees the abort; done: nothing is left to stop
                done = true;
                divert();
            }
        });
    }

    /** The items of a diverted exchange, from the loop to the reading thread. */
    private static final class Handover {
        private final ReentrantLock lock = new ReentrantLock();
        private final Condition more = lock.newCondition();
        private final ArrayDeque<Object> items = new ArrayDeque<>(4);
        /** The reader was given the end (END or a failure). */
        private boolean readToEnd;

        void add(Object item) {
            lock.lock();
            try {
                items.add(item);
                more.signalAll();
            } finally {
                lock.unlock();
            }
        }

        void wake() {
            lock.lock();
            try {
                more.signalAll();
            } finally {
                lock.unlock();
            }
        }

        Object next(long deadlineNanos, LoopExchange exchange) {
            lock.lock();
            try {
                while (true) {
                    if (exchange.aborted) {
                        return ABORTED;
                    }
                    Object item = items.poll();
                    if (item != null) {
                        readToEnd |= item == END || item instanceof Failure;
                        return item;
                    }
                    if (readToEnd) {
                        return END;
                    }
                    long left = deadlineNanos - System.nanoTime();
                    if (left <= 0) {
                        return TIMEOUT;
                    }
                    more.awaitNanos(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Failure(e);
            } finally {
                lock.unlock();
            }
        }
    }

    private void onLoop(Runnable task) {
        EventLoop loop = pool.loop();
        if (loop.inEventLoop()) {
            task.run();
        } else {
            loop.execute(task);
        }
    }
}
