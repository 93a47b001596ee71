package io.mcpfleet.manager.bridge;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A process's stdin in memory: what the bridge writes, line by line; and a way to write its stdout. */
final class FakePipe implements ContainerPipes.Pipe {

    private final List<ObjectNode> written = new ArrayList<>();
    private ContainerPipes.Listener output;
    private boolean closed;

    /** Connects the fake to what the process's output feeds. */
    void output(ContainerPipes.Listener listener) {
        this.output = listener;
    }

    @Override
    public synchronized void write(byte[] bytes) throws IOException {
        if (closed) {
            throw new IOException("closed");
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (!text.endsWith("\n") || text.indexOf('\n') != text.length() - 1) {
            throw new AssertionError("not one line: " + text);
        }
        written.add(Messages.parse(bytes, 0, bytes.length - 1));
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    synchronized boolean closed() {
        return closed;
    }

    /** Everything written so far, and forgets it. */
    synchronized List<ObjectNode> take() {
        List<ObjectNode> all = List.copyOf(written);
        written.clear();
        return all;
    }

    /** The only message written since the last take. */
    ObjectNode takeOne() {
        List<ObjectNode> all = take();
        if (all.size() != 1) {
            throw new AssertionError("expected one message, got " + all);
        }
        return all.get(0);
    }

    /** The process writes {@code text} on stdout (as bytes, possibly part of a line). */
    void stdout(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        output.stdout(bytes, bytes.length);
    }

    /** The process answers one line of JSON. */
    void answer(String json) {
        stdout(json + "\n");
    }

    void stderr(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        output.stderr(bytes, bytes.length);
    }

    void exit() {
        output.closed(null);
    }
}
