package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.config.Hardening;
import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import io.mcpfleet.manager.lifecycle.ContainerSpec;
import io.mcpfleet.manager.lifecycle.LogQuery;
import io.mcpfleet.manager.lifecycle.LogReceiver;
import io.mcpfleet.manager.lifecycle.OutputLine;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import io.mcpfleet.testsupport.TestRun;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code logs} against the real engine: a busybox container that prints a numbered line every 200 ms. */
class ContainerLogsIT {

    private static final List<String> TICKER = List.of("/bin/sh", "-c",
            "echo 'to stderr' >&2; i=0; while true; do i=$((i+1)); echo \"tick $i\"; sleep 0.2; done");

    private static DockerContainerRuntime runtime;
    private static String ticker;

    @BeforeAll
    static void setUp() {
        runtime = DockerContainerRuntime.forHost(DockerTestSupport.dockerHost());
        ContainerSpec spec = new ContainerSpec(TestRun.unique("logs"), TestImages.busybox(), List.of(), TICKER,
                java.util.Map.of(), TestLabels.forThisRun(), TestImages.PORT, 0, 0, Hardening.DEFAULT, List.of(),
                "127.0.0.1");
        ticker = runtime.create(spec);
        runtime.start(ticker);
        await().until(() -> read(new LogQuery(null, null, false)).size() >= 5);
    }

    @AfterAll
    static void tearDown() {
        runtime.close();
        DockerTestSupport.removeContainersByLabel(TestLabels.TEST, TestRun.id());
    }

    @Test
    void readsStdoutAndStderrWithTheEnginesTimes() {
        Instant started = Instant.now().minusSeconds(60);

        List<OutputLine> lines = read(new LogQuery(null, null, false));

        // the engine copies stdout and stderr each on its own: their order between them is not kept
        assertThat(lines).extracting(OutputLine::stream, OutputLine::text)
                .contains(org.assertj.core.groups.Tuple.tuple(OutputLine.STDERR, "to stderr"),
                        org.assertj.core.groups.Tuple.tuple(OutputLine.STDOUT, "tick 1"));
        assertThat(lines).allSatisfy(l -> assertThat(l.time()).isAfter(started).isBefore(Instant.now()));
        assertThat(lines.stream().filter(l -> l.stream().equals(OutputLine.STDOUT)).map(OutputLine::time).toList())
                .isSorted();
    }

    @Test
    void withoutStdoutOnlyStderrIsRead() {
        List<OutputLine> lines = read(new LogQuery(null, null, false, false));

        assertThat(lines).extracting(OutputLine::stream, OutputLine::text)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(OutputLine.STDERR, "to stderr"));
    }

    @Test
    void tailGivesTheLatestLines() {
        List<OutputLine> lines = read(new LogQuery(3, null, false));

        assertThat(lines).hasSize(3);
        int first = number(lines.get(0));
        assertThat(lines).extracting(ContainerLogsIT::number).containsExactly(first, first + 1, first + 2);
    }

    @Test
    void sinceDropsEarlierLinesToTheNanosecond() {
        List<OutputLine> all = read(new LogQuery(null, null, false));
        OutputLine pivot = all.get(all.size() - 2);

        List<OutputLine> since = read(new LogQuery(null, pivot.time(), false));

        assertThat(since.get(0)).isEqualTo(pivot);
        assertThat(since).allSatisfy(l -> assertThat(l.time()).isAfterOrEqualTo(pivot.time()));
    }

    @Test
    void followStreamsNewLinesUntilClosedAndClosingFreesTheEngineStream() throws Exception {
        List<OutputLine> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        int before = runtime.openLogReads();

        AutoCloseable handle = runtime.logs(ticker, new LogQuery(0, null, true), receiver(lines, ended));
        await().until(() -> lines.size() >= 3);
        handle.close();

        assertThat(ended.get(5, TimeUnit.SECONDS)).isNull();
        assertThat(runtime.openLogReads()).isEqualTo(before);
        int seen = lines.size();
        Thread.sleep(600);
        assertThat(lines).hasSize(seen);
        assertThat(lines).extracting(ContainerLogsIT::number).isSorted();
    }

    @Test
    void followOfAContainerThatStopsEnds() throws Exception {
        ContainerSpec spec = new ContainerSpec(TestRun.unique("logs"), TestImages.busybox(), List.of(), TICKER,
                java.util.Map.of(), TestLabels.forThisRun(), TestImages.PORT, 0, 0, Hardening.DEFAULT, List.of(),
                "127.0.0.1");
        String id = runtime.create(spec);
        runtime.start(id);
        List<OutputLine> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        runtime.logs(id, new LogQuery(null, null, true), receiver(lines, ended));
        await().until(() -> lines.size() >= 2);

        runtime.stop(id, Duration.ofSeconds(5));

        assertThat(ended.get(10, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void anUnknownContainerFailsTheReceiver() throws Exception {
        CompletableFuture<Throwable> ended = new CompletableFuture<>();

        runtime.logs("no-such-container-" + TestRun.id(), new LogQuery(1, null, false),
                receiver(new CopyOnWriteArrayList<>(), ended));

        assertThat(ended.get(10, TimeUnit.SECONDS)).isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("cannot read the output of container no-such-container");
    }

    private static List<OutputLine> read(LogQuery query) {
        List<OutputLine> lines = new CopyOnWriteArrayList<>();
        CompletableFuture<Throwable> ended = new CompletableFuture<>();
        runtime.logs(ticker, query, receiver(lines, ended));
        Throwable error = ended.join();
        assertThat(error).isNull();
        return lines;
    }

    private static LogReceiver receiver(List<OutputLine> lines, CompletableFuture<Throwable> ended) {
        return new LogReceiver() {
            @Override
            public void line(OutputLine line) {
                lines.add(line);
            }

            @Override
            public void ended(Throwable error) {
                ended.complete(error);
            }
        };
    }

    private static int number(OutputLine line) {
        return Integer.parseInt(line.text().substring("tick ".length()));
    }
}
