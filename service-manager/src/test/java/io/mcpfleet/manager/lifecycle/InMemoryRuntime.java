package io.mcpfleet.manager.lifecycle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/** A container engine in memory, for tests of the lifecycle's logic. Thread-safe. */
public final class InMemoryRuntime implements ContainerRuntime {

    private final Clock clock;
    private final Map<String, ContainerSnapshot> containers = new ConcurrentHashMap<>();
    private final List<Consumer<ContainerEvent>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final AtomicInteger ports = new AtomicInteger(40000);
    public final AtomicInteger creates = new AtomicInteger();
    final List<String> operations = new CopyOnWriteArrayList<>();
    public volatile RuntimeException failCreates;
    /** What {@link #usage} answers, by container id: the test sets the load it wants. */
    public final Map<String, ResourceUsage> usage = new ConcurrentHashMap<>();
    volatile boolean down;
    private final Map<String, List<OutputLine>> output = new ConcurrentHashMap<>();
    private final Map<String, List<LogReceiver>> followers = new ConcurrentHashMap<>();

    public InMemoryRuntime(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String create(ContainerSpec spec) {
        checkUp("create", spec.name());
        if (failCreates != null) {
            throw failCreates;
        }
        String id = "c" + ids.incrementAndGet() + "0000000000000000";
        creates.incrementAndGet();
        containers.put(id, new ContainerSnapshot(id, spec.name(), spec.labels(), ContainerStatus.CREATED,
                clock.instant(), null, null, Map.of(spec.port(), ports.incrementAndGet())));
        record("create", id);
        return id;
    }

    @Override
    public void start(String id) {
        set(id, "start", ContainerStatus.RUNNING, clock.instant());
    }

    @Override
    public void stop(String id, Duration grace) {
        set(id, "stop", ContainerStatus.EXITED, null);
    }

    @Override
    public void remove(String id) {
        checkUp("remove", id);
        ContainerSnapshot gone = containers.remove(id);
        if (gone != null) {
            record("remove", id);
            emit(gone, "destroy");
        }
    }

    @Override
    public void pause(String id) {
        set(id, "pause", ContainerStatus.PAUSED, null);
    }

    @Override
    public void unpause(String id) {
        set(id, "unpause", ContainerStatus.RUNNING, null);
    }

    @Override
    public Optional<ContainerSnapshot> inspect(String id) {
        checkUp("inspect", id);
        return Optional.ofNullable(containers.get(id));
    }

    @Override
    public List<ListedContainer> listed(Map<String, String> labels) {
        checkUp("listed", "-");
        operations.add("listed");
        List<ListedContainer> matching = new ArrayList<>();
        for (ContainerSnapshot c : containers.values()) {
            if (c.labels().entrySet().containsAll(labels.entrySet())) {
                matching.add(new ListedContainer(c.id(), c.labels(), c.status()));
            }
        }
        return matching;
    }

    @Override
    public List<ContainerSnapshot> list(Map<String, String> labels) {
        checkUp("list", "-");
        operations.add("list");
        List<ContainerSnapshot> matching = new ArrayList<>();
        for (ContainerSnapshot c : containers.values()) {
            if (c.labels().entrySet().containsAll(labels.entrySet())) {
                matching.add(c);
            }
        }
        matching.sort(java.util.Comparator.comparing(ContainerSnapshot::id));
        return matching;
    }

    @Override
    public AutoCloseable subscribe(Map<String, String> labels, Consumer<ContainerEvent> listener, Runnable onReconnect) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public Optional<ResourceUsage> usage(String id) {
        return Optional.ofNullable(usage.get(id));
    }

    @Override
    public void ping() {
        checkUp("ping", "-");
    }

    /** Reads what {@link #print} wrote; a follow ends only when its handle is closed. */
    @Override
    public AutoCloseable logs(String id, LogQuery query, LogReceiver receiver) {
        checkUp("logs", id);
        if (!containers.containsKey(id)) {
            receiver.ended(new ContainerRuntimeException("read the output of", id, "no such container", null));
            return () -> { };
        }
        synchronized (output) {
            List<OutputLine> lines = output.getOrDefault(id, List.of()).stream()
                    .filter(l -> query.since() == null || !l.time().isBefore(query.since()))
                    .toList();
            int from = query.tail() == null ? 0 : Math.max(0, lines.size() - query.tail());
            lines.subList(from, lines.size()).forEach(receiver::line);
            if (!query.follow()) {
                receiver.ended(null);
                return () -> { };
            }
            followers.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(receiver);
        }
        return () -> {
            if (followers.getOrDefault(id, List.of()).remove(receiver)) {
                receiver.ended(null);
            }
        };
    }

    /** The container writes a line, now by the clock, to {@code stream} ({@code stdout} or {@code stderr}). */
    public void print(String id, String stream, String text) {
        OutputLine line = new OutputLine(clock.instant(), stream, text);
        synchronized (output) {
            output.computeIfAbsent(id, k -> new ArrayList<>()).add(line);
        }
        followers.getOrDefault(id, List.of()).forEach(r -> r.line(line));
    }

    /** Log reads that follow and are still open. */
    public int following() {
        return followers.values().stream().mapToInt(List::size).sum();
    }

    /** A container that the test puts on the engine directly (a foreign one, or one left by an earlier manager). */
    public String put(String name, Map<String, String> labels, ContainerStatus status, int hostPort, int port) {
        String id = "x" + ids.incrementAndGet() + "0000000000000000";
        containers.put(id, new ContainerSnapshot(id, name, labels, status, clock.instant(),
                status == ContainerStatus.RUNNING ? clock.instant() : null, null, Map.of(port, hostPort)));
        return id;
    }

    /** The container dies on its own. */
    public void crash(String id) {
        set(id, "die", ContainerStatus.EXITED, null);
    }

    /** The container dies and the engine's event of it is lost (a dropped events stream). */
    public void crashUnseen(String id) {
        ContainerSnapshot c = containers.get(id);
        containers.put(id, new ContainerSnapshot(c.id(), c.name(), c.labels(), ContainerStatus.EXITED, c.created(),
                c.startedAt(), 137, c.publishedPorts()));
    }

    public List<ContainerSnapshot> all() {
        return List.copyOf(containers.values());
    }

    public List<ContainerSnapshot> withStatus(ContainerStatus status) {
        return containers.values().stream().filter(c -> c.status() == status).toList();
    }

    private void set(String id, String action, ContainerStatus status, Instant startedAt) {
        checkUp(action, id);
        ContainerSnapshot c = containers.get(id);
        if (c == null) {
            throw new ContainerRuntimeException(action, id, "no such container", null);
        }
        ContainerSnapshot next = new ContainerSnapshot(c.id(), c.name(), c.labels(), status, c.created(),
                startedAt != null ? startedAt : c.startedAt(), status == ContainerStatus.EXITED ? 0 : null,
                c.publishedPorts());
        containers.put(id, next);
        record(action, id);
        emit(next, action);
    }

    private void record(String action, String id) {
        operations.add(action + " " + id);
    }

    private void emit(ContainerSnapshot c, String action) {
        ContainerEvent event = new ContainerEvent(c.id(), action, c.labels(), clock.instant());
        listeners.forEach(l -> l.accept(event));
    }

    private void checkUp(String op, String container) {
        if (down) {
            throw new EngineUnavailableException(op, container, new java.io.IOException("connection refused"));
        }
    }
}
