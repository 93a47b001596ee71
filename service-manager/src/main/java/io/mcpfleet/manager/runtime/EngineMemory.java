package io.mcpfleet.manager.runtime;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.transport.DockerHttpClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * The engine's memory ({@code MemTotal} of {@code GET /info}), for the memory budget, which asks
 * once, during the manager's start-up. Read from the answer's JSON tree rather than bound to
 * docker-java's {@code Info} (a hundred-odd properties and nested types): the binding's first run
 * took 130-150 ms of the start-up thread's CPU, the tree 13-18 ms (docs/benchmarks.md, "Issue 14:
 * the manager image, fifth session").
 */
final class EngineMemory {

    private static final DockerHttpClient.Request INFO = DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET).path("/info").build();

    private final DockerHttpClient http;
    private final ObjectMapper json = DockerClientConfig.getDefaultObjectMapper();
    private final String engine;

    /** @param client a client made by {@link DockerClients}: the request goes through its {@link DockerHttpClient} */
    EngineMemory(DockerClient client, String engine) {
        if (!(client instanceof DockerClientImpl impl) || impl.getHttpClient() == null) {
            throw new IllegalArgumentException("the engine's memory needs a docker-java client on a DockerHttpClient "
                    + "(DockerClients, or DockerClientImpl.getInstance(config, httpClient)), not " + client);
        }
        this.http = impl.getHttpClient();
        this.engine = engine;
    }

    /** The engine host's memory in bytes; empty when the engine does not say. */
    OptionalLong total() {
        try (DockerHttpClient.Response response = http.execute(INFO); InputStream body = response.getBody()) {
            if (response.getStatusCode() != 200) {
                throw new DockerException("Status " + response.getStatusCode() + ": "
                        + new String(body.readAllBytes(), StandardCharsets.UTF_8), response.getStatusCode());
            }
            long total = json.readTree(body).path("MemTotal").asLong(0);
            return total <= 0 ? OptionalLong.empty() : OptionalLong.of(total);
        } catch (IOException e) {
            throw DockerErrors.map("info", engine, new UncheckedIOException(e));
        } catch (RuntimeException e) {
            throw DockerErrors.map("info", engine, e);
        }
    }
}
