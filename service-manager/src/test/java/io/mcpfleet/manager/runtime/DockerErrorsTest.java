package io.mcpfleet.manager.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import io.mcpfleet.manager.lifecycle.ContainerRuntimeException;
import io.mcpfleet.manager.lifecycle.EngineUnavailableException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

class DockerErrorsTest {

    @Test
    void engineAnswerIsQuotedInItsOwnWords() {
        ContainerRuntimeException e = DockerErrors.map("stop", "fleet-foo-1",
                new NotFoundException("Status 404: {\"message\":\"No such container: abc\"}\n"));

        assertThat(e).isNotInstanceOf(EngineUnavailableException.class);
        assertThat(e).hasMessage("cannot stop container fleet-foo-1: No such container: abc (HTTP 404)");
    }

    @Test
    void escapedQuotesInTheEngineAnswerAreUnescaped() {
        String message = DockerErrors.engineMessage("Status 409: {\"message\":\"The container name \\\"/x\\\" is already in use\"}");

        assertThat(message).isEqualTo("The container name \"/x\" is already in use");
    }

    @Test
    void noAnswerAtAllIsAnUnavailableEngine() {
        RuntimeException socketGone = new UncheckedIOException(new IOException("connect failed: No such file or directory"));
        RuntimeException timeout = new RuntimeException(new SocketTimeoutException("Read timed out"));

        assertThat(DockerErrors.map("start", "abc", socketGone)).isInstanceOf(EngineUnavailableException.class)
                .hasMessageContaining("No such file or directory");
        assertThat(DockerErrors.map("start", "abc", timeout)).isInstanceOf(EngineUnavailableException.class);
    }

    @Test
    void anHttpErrorIsAnAnswerNotAnUnavailableEngine() {
        RuntimeException conflict = new ConflictException("Status 409: {\"message\":\"is not running\"}");

        assertThat(DockerErrors.isEngineUnreachable(conflict)).isFalse();
    }
}
