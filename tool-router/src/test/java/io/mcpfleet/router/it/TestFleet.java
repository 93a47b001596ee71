package io.mcpfleet.router.it;

import io.mcpfleet.api.RoutableInstance;
import io.mcpfleet.api.RoutingView;
import io.mcpfleet.api.ServiceState;
import io.mcpfleet.mimic.Mimic;
import io.mcpfleet.mimic.MimicOptions;
import io.mcpfleet.mimic.RunningMimic;
import io.mcpfleet.router.discovery.InMemoryFleetDirectory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The fleet the router tests run against: real mimics on 127.0.0.1 behind an in-memory manager.
 * Started once per JVM and shared by the test classes that use the same router context.
 *
 * <ul>
 *   <li>{@code alpha}: two stateful instances, least connections</li>
 *   <li>{@code beta}: two stateless instances, round robin, pooled sessions</li>
 *   <li>{@code gamma}: one instance answering plain JSON</li>
 *   <li>{@code brittle}: two instances, for breaker tests</li>
 *   <li>{@code failover}: two instances, one to be closed mid-run</li>
 *   <li>{@code slowpoke}: one instance, call timeout 300 ms</li>
 *   <li>{@code sleepy}: none, tool declared; a start brings one up</li>
 *   <li>{@code stuck}: none, tool declared; a start does nothing (queue limit 2, wake timeout 600 ms)</li>
 *   <li>{@code declared}: none and never started; tools declared in services.yml</li>
 *   <li>{@code shy}: none and no tools known; the router starts it once to learn them</li>
 *   <li>{@code broken}: one instance that answers garbage</li>
 *   <li>{@code oneway}: two instances, for the no-replay test</li>
 *   <li>{@code sturdy}: two stateless instances whose breakers bad client input must not open</li>
 *   <li>{@code drowsy}: none, tool declared; a start brings one up after 700 ms</li>
 *   <li>{@code fickle}: none, tool declared; its first start only reaches {@code starting}
 *       ({@link #fickleStarting} opens), its second brings one up</li>
 *   <li>{@code recorder}: a stateless backend that records what it receives</li>
 *   <li>{@code lively}: one stateful instance, idle timeout 60 s, for activity; a start republishes it</li>
 *   <li>{@code dozy}: none, tool declared; a start brings one up once {@link #dozyMayWake} opens</li>
 *   <li>{@code napper}: one stateful instance; tests choose what a start does (sleep and wake)</li>
 *   <li>{@code siesta}: one instance, stateless routing (a pooled session); tests choose what a start does</li>
 *   <li>{@code nova}: two stateful-routed instances speaking only MCP 2026-07-28; {@code novel}: one, stateless</li>
 *   <li>{@code wakeful}: none, tool declared, stateless; a start brings one up after 300 ms (2026-07-28 clients wake it)</li>
 *   <li>{@code unruly}: one stateful backend that hangs, garbles, cuts and resets (call timeout 1 s)</li>
 * </ul>
 */
public final class TestFleet {

    private static TestFleet instance;

    public final InMemoryFleetDirectory directory = new InMemoryFleetDirectory();
    public final Map<String, RunningMimic> mimics = new ConcurrentHashMap<>();
    public final GarbageServer garbage = GarbageServer.start();
    public final RecordingServer recorder = RecordingServer.start();
    public final CountDownLatch dozyMayWake = new CountDownLatch(1);
    public final CountDownLatch fickleStarting = new CountDownLatch(1);
    final MisbehavingServer misbehaving = MisbehavingServer.start();

    public static synchronized TestFleet get() {
        if (instance == null) {
            instance = new TestFleet();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close));
        }
        return instance;
    }

    private TestFleet() {
        service("alpha", routing("stateful", "least_connections", 30_000, "auto", 3, 256, 10_000), "alpha-1", "alpha-2");
        serviceWith("beta", routing("stateless", "round_robin", 30_000, "auto", 3, 256, 10_000), true, "beta-1", "beta-2");
        mimicService("gamma", routing("stateful", "least_connections", 30_000, "auto", 3, 256, 10_000),
                List.of(options("gamma-1", false).jsonAnswers()));
        service("brittle", routing("stateless", "round_robin", 30_000, "auto", 1, 256, 10_000), "brittle-1", "brittle-2");
        service("failover", routing("stateful", "least_connections", 30_000, "auto", 3, 256, 10_000),
                "failover-1", "failover-2");
        service("slowpoke", routing("stateful", "least_connections", 300, "auto", 3, 256, 10_000), "slowpoke-1");
        directory.add("fickle", declaring(routing("stateful", "least_connections", 30_000, "auto", 3, 256, 20_000),
                "echo"), List.of(), name -> {
                    if (directory.starts(name) == 1) {
                        directory.state(name, ServiceState.STARTING);
                        fickleStarting.countDown();
                        return;
                    }
                    new Thread(() -> {
                        RunningMimic m = Mimic.start(options("fickle-1", false).build());
                        mimics.put("fickle-1", m);
                        directory.publish(name, List.of(new RoutableInstance("fickle-1", m.baseUrl())));
                    }).start();
                });
        directory.add("sleepy", declaring(routing("stateful", "least_connections", 30_000, "auto", 3, 256, 20_000),
                        "echo"), List.of(),
                name -> new Thread(() -> {
                    RunningMimic m = Mimic.start(options("sleepy-1", false).build());
                    mimics.put("sleepy-1", m);
                    directory.publish(name, List.of(new RoutableInstance("sleepy-1", m.baseUrl())));
                }).start());
        directory.add("stuck", declaring(routing("stateful", "least_connections", 30_000, "auto", 3, 2, 600), "echo"),
                List.of(), name -> { });
        directory.add("shy", routing("stateful", "least_connections", 30_000, "auto", 3, 256, 20_000), List.of(),
                name -> new Thread(() -> {
                    RunningMimic m = Mimic.start(options("shy-1", false).build());
                    mimics.put("shy-1", m);
                    directory.publish(name, List.of(new RoutableInstance("shy-1", m.baseUrl())));
                }).start());
        directory.add("declared", new RoutingView("/mcp", "stateful", "least_connections", 30_000, "auto", 3, 256,
                10_000, List.of(Map.of("name", "lookup", "description", "declared in services.yml",
                "inputSchema", Map.of("type", "object"), "annotations", Map.of("readOnlyHint", true)))), List.of(),
                name -> { });
        serviceWith("sturdy", routing("stateless", "round_robin", 30_000, "auto", 3, 256, 10_000), true, "sturdy-1",
                "sturdy-2");
        service("oneway", routing("stateful", "least_connections", 30_000, "auto", 3, 256, 10_000), "oneway-1",
                "oneway-2");
        directory.add("drowsy", declaring(routing("stateful", "least_connections", 30_000, "auto", 3, 256, 20_000),
                "echo"), List.of(), name -> new Thread(() -> {
                    sleep(700);
                    RunningMimic m = Mimic.start(options("drowsy-1", false).build());
                    mimics.put("drowsy-1", m);
                    directory.publish(name, List.of(new RoutableInstance("drowsy-1", m.baseUrl())));
                }).start());
        directory.add("recorder", routing("stateless", "round_robin", 30_000, "auto", 1, 256, 10_000),
                List.of(new RoutableInstance("recorder-1", recorder.baseUrl())), null);
        directory.add("unruly", routing("stateful", "least_connections", 1_000, "never", 1, 256, 10_000),
                List.of(new RoutableInstance("unruly-1", misbehaving.baseUrl())), null);
        directory.add("broken", routing("stateless", "round_robin", 30_000, "never", 1, 256, 10_000),
                List.of(new RoutableInstance("broken-1", garbage.baseUrl())), null);
        service("lively", routing("stateful", "least_connections", 30_000, "auto", 3, 256, 10_000), "lively-1");
        directory.idleTimeout("lively", 60_000);
        directory.onStart("lively", name -> republish(name, "lively-1"));
        directory.add("dozy", declaring(routing("stateful", "least_connections", 30_000, "auto", 3, 256, 20_000),
                "echo"), List.of(), name -> new Thread(() -> {
                    await(dozyMayWake);
                    RunningMimic m = Mimic.start(options("dozy-1", false).build());
                    mimics.put("dozy-1", m);
                    directory.publish(name, List.of(new RoutableInstance("dozy-1", m.baseUrl())));
                }).start());
        service("napper", routing("stateful", "least_connections", 30_000, "auto", 3, 256, 10_000), "napper-1");
        service("dreamer", routing("stateful", "least_connections", 30_000, "auto", 3, 256, 10_000), "dreamer-1");
        serviceWith("siesta", routing("stateless", "round_robin", 30_000, "auto", 3, 256, 10_000), false,
                "siesta-1");
        mimicService("nova", routing("stateful", "least_connections", 30_000, "auto", 3, 256, 10_000),
                List.of(options("nova-1", false).modern(), options("nova-2", false).modern()));
        mimicService("novel", routing("stateless", "round_robin", 30_000, "auto", 3, 256, 10_000),
                List.of(options("novel-1", false).modern()));
        directory.add("wakeful", declaring(routing("stateless", "round_robin", 30_000, "auto", 3, 256, 20_000),
                "echo"), List.of(), name -> new Thread(() -> {
                    sleep(300);
                    RunningMimic m = Mimic.start(options("wakeful-1", false).build());
                    mimics.put("wakeful-1", m);
                    directory.publish(name, List.of(new RoutableInstance("wakeful-1", m.baseUrl())));
                }).start());
    }

    /**
     * Plays a container woken from sleep in stop mode: the old process is gone; a new one (its
     * sessions forgotten) serves at the same address when {@code samePort}, else at a new one.
     */
    public void restart(String id, boolean samePort) {
        RunningMimic old = mimics.get(id);
        old.close();
        Options o = options(id, false);
        MimicOptions next = o.build();
        mimics.put(id, Mimic.start(samePort ? next.withPort(old.port()) : next));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The view with tools declared (as services.yml would), so the router need not run the service to list them. */
    static RoutingView declaring(RoutingView view, String... tools) {
        List<Map<String, Object>> declared = new ArrayList<>();
        for (String tool : tools) {
            declared.add(Map.of("name", tool, "inputSchema", Map.of("type", "object"),
                    "annotations", Map.of("readOnlyHint", true)));
        }
        return new RoutingView(view.mcpPath(), view.sessions(), view.balancing(), view.callTimeoutMs(), view.retry(),
                view.maxAttempts(), view.queueLimit(), view.wakeTimeoutMs(), declared);
    }

    static RoutingView routing(String sessions, String balancing, long callTimeoutMs, String retry, int maxAttempts,
                               int queueLimit, long wakeTimeoutMs) {
        return new RoutingView("/mcp", sessions, balancing, callTimeoutMs, retry, maxAttempts, queueLimit,
                wakeTimeoutMs, List.of());
    }

    private void service(String name, RoutingView view, String... ids) {
        serviceWith(name, view, false, ids);
    }

    private void serviceWith(String name, RoutingView view, boolean stateless, String... ids) {
        List<Options> options = new ArrayList<>();
        for (String id : ids) {
            options.add(options(id, stateless));
        }
        mimicService(name, view, options);
    }

    private void mimicService(String name, RoutingView view, List<Options> options) {
        List<RoutableInstance> running = new ArrayList<>();
        for (Options o : options) {
            RunningMimic m = Mimic.start(o.build());
            mimics.put(o.id, m);
            running.add(new RoutableInstance(o.id, m.baseUrl()));
        }
        directory.add(name, view, running, null);
    }

    /** Brings an instance back into the manager's list (after a test took it out). */
    public void republish(String service, String... ids) {
        List<RoutableInstance> running = new ArrayList<>();
        for (String id : ids) {
            running.add(new RoutableInstance(id, mimics.get(id).baseUrl()));
        }
        directory.publish(service, running);
    }

    static Options options(String id, boolean stateless) {
        return new Options(id, stateless);
    }

    /** Mimic options under construction. */
    static final class Options {
        final String id;
        final boolean stateless;
        boolean json;
        boolean modern;

        Options(String id, boolean stateless) {
            this.id = id;
            this.stateless = stateless;
        }

        Options jsonAnswers() {
            json = true;
            return this;
        }

        Options modern() {
            modern = true;
            return this;
        }

        MimicOptions build() {
            return new MimicOptions(0, "/mcp", id, Set.of(), Duration.ZERO, null, stateless, 2, json, "127.0.0.1",
                    modern);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void close() {
        mimics.values().forEach(RunningMimic::close);
        garbage.close();
        recorder.close();
        misbehaving.close();
    }
}
