package io.mcpfleet.manager.bridge;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/** A caller that keeps what it is given; with a capacity, it refuses messages past it (a slow reader). */
final class RecordingCaller implements Caller {

    private final List<ObjectNode> messages = new ArrayList<>();
    private final int capacity;
    private boolean ended;
    private boolean answered;

    RecordingCaller() {
        this(Integer.MAX_VALUE);
    }

    RecordingCaller(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean deliver(ObjectNode message, boolean last) {
        if (messages.size() >= capacity) {
            return false;
        }
        messages.add(message.deepCopy());
        answered |= last;
        return true;
    }

    @Override
    public synchronized void end() {
        ended = true;
    }

    synchronized List<ObjectNode> messages() {
        return List.copyOf(messages);
    }

    synchronized ObjectNode last() {
        return messages.get(messages.size() - 1);
    }

    synchronized boolean answered() {
        return answered;
    }

    synchronized boolean ended() {
        return ended;
    }
}
