package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import io.mcpfleet.config.Hardening;
import io.mcpfleet.manager.bridge.ContainerPipes;
import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import io.mcpfleet.manager.lifecycle.ContainerSpec;
import io.mcpfleet.testsupport.DockerTestSupport;
import io.mcpfleet.testsupport.TestImages;
import io.mcpfleet.testsupport.TestLabels;
import io.mcpfleet.testsupport.TestRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link ContainerAttach} against the real engine: a busybox shell that echoes its stdin. */
class ContainerAttachIT {

    private static final Duration GRACE = Duration.ofSeconds(5);
    private static final List<String> ECHO = List.of("sh", "-c", "echo ready; echo warming >&2; "
            + "while read line; do echo \"$line\"; done");

    private static DockerContainerRuntime runtime;
    private static ContainerAttach attach;
    private static DockerClient docker;

    @BeforeAll
    static void setUp() {
        docker = DockerTestSupport.client();
        DockerTestSupport.removeContainersByLabel(TestLabels.TEST, TestRun.id());
        TestImages.busybox();
        runtime = DockerContainerRuntime.forHost(DockerTestSupport.dockerHost());
        attach = ContainerAttach.forHost(DockerTestSupport.dockerHost());
    }

    @AfterAll
    static void tearDown() {
        attach.close();
        runtime.close();
        DockerTestSupport.removeContainersByLabel(TestLabels.TEST, TestRun.id());
    }

    private static String created(List<String> command) {
        return runtime.create(new ContainerSpec(TestRun.unique("attach"), TestImages.BUSYBOX, List.of(), command,
                Map.of(), TestLabels.forThisRun(), 0, 0, 0, Hardening.DEFAULT, List.of(), null, true));
    }

    /** Collects what the process writes, by stream. */
    private static final class Collected implements ContainerPipes.Listener {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Throwable> closed = new CompletableFuture<>();

        @Override
        public synchronized void stdout(byte[] chunk, int length) {
            out.write(chunk, 0, length);
        }

        @Override
        public synchronized void stderr(byte[] chunk, int length) {
            err.write(chunk, 0, length);
        }

        @Override
        public void closed(Throwable error) {
            closed.complete(error);
        }

        synchronized String stdout() {
            return out.toString(StandardCharsets.UTF_8);
        }

        synchronized String stderr() {
            return err.toString(StandardCharsets.UTF_8);
        }
    }

    private static byte[] line(String text) {
        return (text + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aStdioContainerHasStdinOpenNoTtyAndNoPublishedPort() {
        String id = created(ECHO);

        InspectContainerResponse inspected = docker.inspectContainerCmd(id).exec();
        assertThat(inspected.getConfig().getStdinOpen()).isTrue();
        assertThat(inspected.getConfig().getStdInOnce()).isFalse();
        assertThat(inspected.getConfig().getTty()).isFalse();
        assertThat(inspected.getHostConfig().getPortBindings()).satisfiesAnyOf(
                bindings -> assertThat(bindings).isNull(),
                bindings -> assertThat(bindings.getBindings()).isEmpty());
    }

    @Test
    void attachedBeforeTheStartNothingTheProcessWritesIsLost() throws IOException {
        String id = created(ECHO);
        Collected collected = new Collected();

        try (ContainerPipes.Pipe pipe = attach.attach(id, collected)) {
            runtime.start(id);
            pipe.write(line("{\"jsonrpc\":\"2.0\",\"id\":1}"));
            pipe.write(line("second"));

            await().atMost(Duration.ofSeconds(10)).until(() -> collected.stdout().contains("second\n"));
        }

        assertThat(collected.stdout()).isEqualTo("ready\n{\"jsonrpc\":\"2.0\",\"id\":1}\nsecond\n");
        assertThat(collected.stderr()).isEqualTo("warming\n");
    }

    @Test
    void aRunningContainerCanBeAttachedAgainAndItsStdinStaysOpen() throws IOException {
        String id = created(ECHO);
        Collected first = new Collected();
        ContainerPipes.Pipe pipe = attach.attach(id, first);
        runtime.start(id);
        pipe.write(line("one"));
        await().atMost(Duration.ofSeconds(10)).until(() -> first.stdout().contains("one\n"));

        pipe.close();
        Collected second = new Collected();
        try (ContainerPipes.Pipe again = attach.attach(id, second)) {
            again.write(line("two"));
            await().atMost(Duration.ofSeconds(10)).until(() -> second.stdout().contains("two\n"));
        }

        assertThat(first.closed).isCompletedWithValue(null);
        assertThat(second.stdout()).as("only what came after the attach").isEqualTo("two\n");
        assertThat(runtime.inspect(id).orElseThrow().status().name()).isEqualTo("RUNNING");
    }

    @Test
    void theAttachmentSurvivesAPause() throws IOException {
        String id = created(ECHO);
        Collected collected = new Collected();
        try (ContainerPipes.Pipe pipe = attach.attach(id, collected)) {
            runtime.start(id);

            runtime.pause(id);
            pipe.write(line("while paused"));
            runtime.unpause(id);
            pipe.write(line("after"));

            await().atMost(Duration.ofSeconds(10)).until(() -> collected.stdout().contains("after\n"));
            assertThat(collected.stdout()).isEqualTo("ready\nwhile paused\nafter\n");
            assertThat(collected.closed).isNotDone();
        }
    }

    @Test
    void aProcessThatExitsEndsTheAttachmentAndLaterWritesFail() {
        String id = created(List.of("sh", "-c", "read line; echo \"bye $line\""));
        Collected collected = new Collected();
        ContainerPipes.Pipe pipe = attach.attach(id, collected);
        runtime.start(id);

        assertThatCodeWrites(pipe, "now");

        Throwable error = collected.closed.orTimeout(10, java.util.concurrent.TimeUnit.SECONDS).join();
        assertThat(error).isNull();
        assertThat(collected.stdout()).isEqualTo("bye now\n");
        assertThatThrownBy(() -> pipe.write(line("too late"))).isInstanceOf(IOException.class);
        runtime.stop(id, GRACE);
    }

    private static void assertThatCodeWrites(ContainerPipes.Pipe pipe, String text) {
        try {
            pipe.write(line(text));
        } catch (IOException e) {
            throw new AssertionError("the write failed", e);
        }
    }

    @Test
    void attachingToAMissingContainerFailsWithTheContainerNamed() {
        assertThatThrownBy(() -> attach.attach("no-such-container-" + TestRun.id(), new Collected()))
                .isInstanceOf(ContainerRuntimeException.class)
                .hasMessageContaining("attach")
                .hasMessageContaining("no-such-container");
    }
}
