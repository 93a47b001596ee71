package io.mcpfleet.mimic;

import static io.mcpfleet.mimic.TestClients.call;
import static io.mcpfleet.mimic.TestClients.callText;
import static io.mcpfleet.mimic.TestClients.connect;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.modelcontextprotocol.client.McpSyncClient;

/** Start, stop and death: start-up delay, close, crash, hang. */
class LifecycleTest {

    @Test
    void nothingListensUntilTheStartupDelayIsOver() throws Exception {
        int port = freePort();
        CompletableFuture<RunningMimic> starting = CompletableFuture.supplyAsync(
                () -> Mimic.start(MimicOptions.defaults().withPort(port).withStartupDelay(Duration.ofMillis(300))));

        boolean listeningEarly = listens(port);
        boolean startReturnedByThen = starting.isDone();

        try (RunningMimic mimic = starting.get(10, TimeUnit.SECONDS); McpSyncClient client = connect(mimic)) {
            // Listening before start() returned would mean the delay was not honoured.
            assertThat(listeningEarly).isEqualTo(startReturnedByThen);
            assertThat(callText(client, "whoami", Map.of())).isEqualTo(mimic.id());
        }
    }

    @Test
    void closeFreesThePort() throws IOException {
        RunningMimic mimic = Mimic.start(MimicOptions.defaults());
        int port = mimic.port();

        mimic.close();

        assertThat(mimic.isRunning()).isFalse();
        try (ServerSocket again = new ServerSocket()) {
            assertThatCode(() -> again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port)))
                    .doesNotThrowAnyException();
        }
    }

    @Test
    void aTakenPortFailsTheStart() {
        try (RunningMimic first = Mimic.start(MimicOptions.defaults())) {

            assertThatThrownBy(() -> Mimic.start(MimicOptions.defaults().withPort(first.port())))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + first.port());
        }
    }

    @Test
    void crashAnswersThenTheInProcessMimicStops() throws InterruptedException {
        RunningMimic mimic = Mimic.start(MimicOptions.defaults());
        try (McpSyncClient client = connect(mimic)) {

            String answer = callText(client, "crash", Map.of());

            assertThat(answer).startsWith("crashing");
            assertThat(awaitStopped(mimic)).isTrue();
            assertThat(listens(mimic.port())).isFalse();
        } finally {
            mimic.close();
        }
    }

    @Test
    void aHangingCallEndsWhenTheMimicStops() throws Exception {
        RunningMimic mimic = Mimic.start(MimicOptions.defaults());
        McpSyncClient client = connect(mimic);
        CompletableFuture<Object> hanging = CompletableFuture.supplyAsync(() -> call(client, "hang", Map.of()));
        while (mimic.callsReceived("hang") == 0) {
            Thread.sleep(5);
        }

        mimic.close();

        assertThatThrownBy(() -> hanging.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class);
        client.close();
    }

    @Test
    void slowAnswersAfterItsWait() {
        try (RunningMimic mimic = Mimic.start(MimicOptions.defaults()); McpSyncClient client = connect(mimic)) {

            assertThat(callText(client, "slow", Map.of("ms", 20))).isEqualTo("slept 20 ms");
        }
    }

    @Test
    void trainingMakesAClientsFirstRequestsAndStops() {

        assertThatCode(() -> Training.run(MimicOptions.defaults().withHealthPath("/health")))
                .doesNotThrowAnyException();
    }

    private static boolean awaitStopped(RunningMimic mimic) throws InterruptedException {
        for (int i = 0; i < 500 && mimic.isRunning(); i++) {
            Thread.sleep(10);
        }
        return !mimic.isRunning();
    }

    private static boolean listens(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
