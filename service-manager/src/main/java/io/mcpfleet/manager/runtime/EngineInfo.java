package io.mcpfleet.manager.runtime;

import com.fasterxml.jackson.databind.JsonNode;
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
 * The engine's {@code GET /info}, read during the manager's start-up: its memory ({@code MemTotal},
 * for the memory budget) and, for a Swarm runtime, its place in the swarm. Read as a JSON tree
 * rather than bound to docker-java's {@code Info} (a hundred-odd properties and nested types): the
 * binding's first run took 130-150 ms of the start-up thread's CPU, the tree 13-18 ms
 * (docs/benchmarks.md, "Issue 14: the manager image, fifth session"). The member names are the
 * Engine API's, which docker-java's binding uses too.
 */
final class EngineInfo {

    private static final DockerHttpClient.Request INFO = DockerHttpClient.Request.builder()
            .method(DockerHttpClient.Request.Method.GET).path("/info").build();

    private final DockerClient client;
    /** The client's transport; {@code null} for a client on none (then docker-java's binding is used). */
    private final DockerHttpClient http;
    private final ObjectMapper json = DockerClientConfig.getDefaultObjectMapper();
    private final String engine;

    EngineInfo(DockerClient client, String engine) {
        this.client = client;
        this.http = client instanceof DockerClientImpl impl ? impl.getHttpClient() : null;
        this.engine = engine;
    }

    /** The engine host's memory in bytes; empty when the engine does not say. */
    OptionalLong memTotal() {
        long total = read().path("MemTotal").asLong(0);
        return total <= 0 ? OptionalLong.empty() : OptionalLong.of(total);
    }

    /** The answer's {@code Swarm} member (missing when the engine says nothing of a swarm). */
    JsonNode swarm() {
        return read().path("Swarm");
    }

    private JsonNode read() {
        if (http == null) {
            return bound();
        }
        try (DockerHttpClient.Response response = http.execute(INFO); InputStream body = response.getBody()) {
            if (response.getStatusCode() != 200) {
                throw new DockerException("Status " + response.getStatusCode() + ": "
                        + new String(body.readAllBytes(), StandardCharsets.UTF_8), response.getStatusCode());
            }
            return json.readTree(body);
        } catch (IOException e) {
            throw DockerErrors.map("info", engine, new UncheckedIOException(e));
        } catch (RuntimeException e) {
            throw DockerErrors.map("info", engine, e);
        }
    }

    /** Through docker-java's {@code Info}: for a client that is not on a {@link DockerHttpClient}. */
    private JsonNode bound() {
        try {
            return json.valueToTree(client.infoCmd().exec());
        } catch (RuntimeException e) {
            throw DockerErrors.map("info", engine, e);
        }
    }
}
