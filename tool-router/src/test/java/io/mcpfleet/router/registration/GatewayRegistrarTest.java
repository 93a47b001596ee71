package io.mcpfleet.router.registration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.router.registration.ContextForgeFake.Entry;
import io.mcpfleet.router.registration.ContextForgeFake.Request;
import io.mcpfleet.router.registration.GatewayRegistrar.Outcome;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;

/** Registration against a real HTTP fake of ContextForge's gateway API on 127.0.0.1. */
@ExtendWith(OutputCaptureExtension.class)
class GatewayRegistrarTest {

    private static final String GATEWAY_TOKEN = "gateway-jwt-7f3a";
    private static final String ROUTER_TOKEN = "router-secret-91c2";
    private static final String ADVERTISED = "http://tool-router:8080/mcp";

    private final List<AutoCloseable> closing = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        // Registrars before gateways: a registrar outliving its gateway would log failures into the next test.
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    @Test
    void createsTheRegistrationWhenTheGatewayHasNone() throws Exception {
        ContextForgeFake gateway = gateway("Bearer " + GATEWAY_TOKEN);

        Outcome outcome = registrar(settings(gateway.url(), GATEWAY_TOKEN, null, null)).registerOnce();

        assertThat(outcome).isEqualTo(Outcome.CREATED);
        assertThat(gateway.entries()).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("mcp-fleet");
            assertThat(e.url()).isEqualTo(ADVERTISED);
            assertThat(e.transport()).isEqualTo("STREAMABLEHTTP");
            assertThat(e.authType()).isEqualTo("bearer");
            assertThat(e.authToken()).isEqualTo(ROUTER_TOKEN);
        });
        assertThat(gateway.requests()).extracting(Request::method).containsExactly("GET", "POST");
        assertThat(gateway.requests()).allMatch(r -> ("Bearer " + GATEWAY_TOKEN).equals(r.authorization()));
    }

    @Test
    void updatesTheRegistrationItFindsByNameInsteadOfAddingOne() throws Exception {
        ContextForgeFake gateway = gateway("Bearer " + GATEWAY_TOKEN);
        gateway.add(new Entry("g-1", "someone-else", "http://elsewhere/mcp", "SSE", null, null, null));
        gateway.add(new Entry("g-2", "mcp-fleet", "http://old-router:8080/mcp", "SSE", null, null, null));

        Outcome outcome = registrar(settings(gateway.url(), GATEWAY_TOKEN, null, null)).registerOnce();

        assertThat(outcome).isEqualTo(Outcome.UPDATED);
        assertThat(gateway.requests()).extracting(r -> r.method() + " " + r.path())
                .containsExactly("GET /gateways?include_inactive=true&limit=0", "PUT /gateways/g-2");
        assertThat(gateway.entries()).hasSize(2).filteredOn(e -> e.name().equals("mcp-fleet")).singleElement()
                .satisfies(e -> {
                    assertThat(e.id()).isEqualTo("g-2");
                    assertThat(e.url()).isEqualTo(ADVERTISED);
                    assertThat(e.transport()).isEqualTo("STREAMABLEHTTP");
                    assertThat(e.authToken()).isEqualTo(ROUTER_TOKEN);
                });
    }

    @Test
    void restartedRoutersLeaveOneRegistration() throws Exception {
        ContextForgeFake gateway = gateway("Bearer " + GATEWAY_TOKEN);
        GatewayProperties settings = settings(gateway.url(), GATEWAY_TOKEN, null, null);

        registrar(settings).registerOnce();
        Outcome again = registrar(settings).registerOnce();

        assertThat(again).isEqualTo(Outcome.UPDATED);
        assertThat(gateway.entries()).hasSize(1);
    }

    @Test
    void aRegisteredRouterLeavesAnUnchangedRegistrationAlone() throws Exception {
        ContextForgeFake gateway = gateway("Bearer " + GATEWAY_TOKEN);
        GatewayRegistrar registrar = registrar(settings(gateway.url(), GATEWAY_TOKEN, null, null));
        registrar.registerOnce();

        Outcome recheck = registrar.registerOnce();

        assertThat(recheck).isEqualTo(Outcome.UNCHANGED);
        assertThat(gateway.requests()).extracting(Request::method).containsExactly("GET", "POST", "GET");
    }

    @Test
    void aNameTakenMeanwhileIsUpdatedNotDuplicated() throws Exception {
        ContextForgeFake gateway = gateway("Bearer " + GATEWAY_TOKEN);
        gateway.anotherRouterRegistersFirst();

        Outcome outcome = registrar(settings(gateway.url(), GATEWAY_TOKEN, null, null)).registerOnce();

        assertThat(outcome).isEqualTo(Outcome.UPDATED);
        assertThat(gateway.entries()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("other-router");
            assertThat(e.authToken()).isEqualTo(ROUTER_TOKEN);
        });
    }

    @Test
    void sendsBasicCredentialsWhenGivenAUserAndPassword() throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:s3cret-pw".getBytes(StandardCharsets.UTF_8));
        ContextForgeFake gateway = gateway(basic);

        registrar(settings(gateway.url(), null, "admin", "s3cret-pw")).registerOnce();

        assertThat(gateway.entries()).hasSize(1);
        assertThat(gateway.requests()).allMatch(r -> basic.equals(r.authorization()));
    }

    @Test
    void findsTheRegistrationOnALaterPageOfAPaginatedList() throws Exception {
        ContextForgeFake gateway = gateway("Bearer " + GATEWAY_TOKEN);
        gateway.paginate(2);
        for (int i = 0; i < 5; i++) {
            gateway.add(new Entry("g-" + i, "server-" + i, "http://s" + i + "/mcp", "SSE", null, null, null));
        }
        gateway.add(new Entry("g-fleet", "mcp-fleet", ADVERTISED, "STREAMABLEHTTP", null, null, null));

        Outcome outcome = registrar(settings(gateway.url(), GATEWAY_TOKEN, null, null)).registerOnce();

        assertThat(outcome).isEqualTo(Outcome.UPDATED);
        assertThat(gateway.entries()).hasSize(6);
        assertThat(gateway.requests()).last().extracting(Request::path).isEqualTo("/gateways/g-fleet");
    }

    @Test
    void refusedCredentialsAreReportedAsSuch() throws IOException {
        ContextForgeFake gateway = gateway("Bearer the-right-one");

        GatewayRegistrar registrar = registrar(settings(gateway.url(), GATEWAY_TOKEN, null, null));

        assertThatThrownBy(registrar::registerOnce).isInstanceOf(GatewayApiException.class)
                .hasMessageContaining("HTTP 401").hasMessageContaining("refused the credentials");
        assertThat(registrar.registered()).isFalse();
    }

    @Test
    void retriesWithBackOffUntilTheGatewayAnswers(CapturedOutput output) throws Exception {
        ContextForgeFake gateway = gateway("Bearer " + GATEWAY_TOKEN);
        gateway.unavailableFor(3);
        GatewayRegistrar registrar = registrar(settings(gateway.url(), GATEWAY_TOKEN, null, null));

        registrar.start();

        await().atMost(Duration.ofSeconds(20)).until(registrar::registered);
        assertThat(gateway.entries()).hasSize(1);
        assertThat(gateway.requests()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(output.getAll().lines().filter(line -> line.contains("cannot register with gateway " + gateway.url())))
                .singleElement().asString().contains("HTTP 503");
    }

    @Test
    void registersWhenAGatewayThatWasNotListeningComesUp() throws Exception {
        int port = freePort();
        GatewayRegistrar registrar = registrar(settings("http://127.0.0.1:" + port, GATEWAY_TOKEN, null, null));
        registrar.start();
        Thread.sleep(100);

        ContextForgeFake gateway = closeLater(ContextForgeFake.startOn(port, "Bearer " + GATEWAY_TOKEN));

        await().atMost(Duration.ofSeconds(20)).until(registrar::registered);
        assertThat(gateway.entries()).hasSize(1);
    }

    @Test
    void recreatesTheRegistrationWhenTheGatewayLostIt() throws Exception {
        ContextForgeFake gateway = gateway("Bearer " + GATEWAY_TOKEN);
        GatewayRegistrar registrar = registrar(settings(gateway.url(), GATEWAY_TOKEN, null, null));
        registrar.start();
        await().atMost(Duration.ofSeconds(20)).until(registrar::registered);

        gateway.forgetAll();

        await().atMost(Duration.ofSeconds(20)).until(() -> gateway.entries().size() == 1);
    }

    @Test
    void credentialsNeverReachTheLog(CapturedOutput output) throws Exception {
        String basic = "Basic " + Base64.getEncoder().encodeToString("admin:pw-5d1e".getBytes(StandardCharsets.UTF_8));
        ContextForgeFake gateway = gateway(basic);
        gateway.rejectEchoingTheRequest();
        GatewayRegistrar registrar = registrar(settings(gateway.url().replace("http://", "http://admin:pw-5d1e@"), null,
                "admin", "pw-5d1e"));

        registrar.start();

        await().atMost(Duration.ofSeconds(20)).until(() -> output.getAll().contains("HTTP 422"));
        assertThat(output.getAll()).contains("with Authorization: Basic ******").contains("auth_token")
                .doesNotContain(ROUTER_TOKEN).doesNotContain("pw-5d1e")
                .doesNotContain(basic.substring("Basic ".length()));
    }

    private GatewayProperties settings(String url, String token, String user, String password) {
        return new GatewayProperties(url, token, user, password, ADVERTISED, "mcp-fleet", "the fleet",
                Duration.ofMillis(20), Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofMillis(50));
    }

    private GatewayRegistrar registrar(GatewayProperties settings) {
        return closeLater(GatewayRegistrationConfiguration.registrar(settings, ROUTER_TOKEN, JsonMapper.builder().build()));
    }

    private ContextForgeFake gateway(String expectedAuthorization) throws IOException {
        return closeLater(ContextForgeFake.start(expectedAuthorization));
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        closing.add(closeable);
        return closeable;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
