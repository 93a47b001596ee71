package io.mcpfleet.router.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.router.ToolRouterApplication;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/** DNS-rebinding protection and the router token, over raw sockets (so Host can be anything). */
@SpringBootTest(classes = ToolRouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"fleet.router-token=s3cret-token", "fleet.allowed-hosts=tool-router,gateway.internal",
                "fleet.data-dir=${java.io.tmpdir}/router-security-it"})
@Import(RouterTestConfiguration.class)
// Its own settings make its own router; closed afterwards, so that it does not go on learning and
// starting the shared TestFleet's services while the other classes count what their router does.
@DirtiesContext
class SecurityIT {

    private static final String INIT = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
            + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}}";

    @LocalServerPort
    int port;

    @Test
    void foreignHostsAndOriginsAreRejected() throws IOException {
        assertThat(status(post("evil.example:" + port, null, "Bearer s3cret-token"))).isEqualTo(403);
        assertThat(status(post("localhost:" + port, "http://evil.example", "Bearer s3cret-token"))).isEqualTo(403);
        assertThat(status(post("localhost:" + port, "null", "Bearer s3cret-token"))).isEqualTo(403);
    }

    @Test
    void allowedHostsAndOriginsPass() throws IOException {
        assertThat(status(post("localhost:" + port, "http://localhost:3000", "Bearer s3cret-token"))).isEqualTo(200);
        assertThat(status(post("127.0.0.1:" + port, null, "Bearer s3cret-token"))).isEqualTo(200);
        assertThat(status(post("[::1]:" + port, "http://[::1]:9999", "Bearer s3cret-token"))).isEqualTo(200);
        assertThat(status(post("tool-router:8080", null, "Bearer s3cret-token"))).isEqualTo(200);
        assertThat(status(post("gateway.internal", "https://gateway.internal", "Bearer s3cret-token")))
                .isEqualTo(200);
    }

    @Test
    void aMissingWrongOrMalformedTokenIs401WithAChallenge() throws IOException {
        String missing = post("localhost:" + port, null, null);
        String wrong = post("localhost:" + port, null, "Bearer nope");
        String malformed = post("localhost:" + port, null, "Basic czNjcmV0LXRva2Vu");

        assertThat(status(missing)).isEqualTo(401);
        assertThat(missing).containsIgnoringCase("WWW-Authenticate: Bearer");
        assertThat(status(wrong)).isEqualTo(401);
        assertThat(wrong).contains("invalid_token");
        assertThat(status(malformed)).isEqualTo(401);
    }

    @Test
    void healthAndMetricsStayOpen() throws IOException {
        assertThat(status(raw("GET /actuator/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")))
                .isEqualTo(200);
        assertThat(status(raw("GET /actuator/prometheus HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")))
                .isEqualTo(200);
    }

    private String post(String host, String origin, String authorization) throws IOException {
        byte[] body = INIT.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder("POST /mcp HTTP/1.1\r\nHost: ").append(host).append("\r\n")
                .append("Content-Type: application/json\r\nAccept: application/json, text/event-stream\r\n")
                .append("Content-Length: ").append(body.length).append("\r\nConnection: close\r\n");
        if (origin != null) {
            head.append("Origin: ").append(origin).append("\r\n");
        }
        if (authorization != null) {
            head.append("Authorization: ").append(authorization).append("\r\n");
        }
        return raw(head.append("\r\n").append(INIT).toString());
    }

    private String raw(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }
}
