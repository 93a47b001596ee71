package io.mcpfleet.e2e;

import static io.mcpfleet.e2e.ToolCalls.call;
import static io.mcpfleet.e2e.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.mcpfleet.testsupport.ManagerApi;
import io.mcpfleet.testsupport.RawMcp;
import io.mcpfleet.testsupport.RawResponse;
import io.mcpfleet.testsupport.TestImages;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tokens and DNS-rebinding protection on the real processes: the router demands its client token
 * and an allowed Host/Origin, and authenticates itself to a manager that demands the API token.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SecurityIT {

    private static final String ROUTER_TOKEN = "e2e-router-token";
    private static final String API_TOKEN = "e2e-api-token";

    @RegisterExtension
    static final FleetHarness FLEET = FleetHarness.builder().services("""
            services:
              # never run, no tools declared: listing its tools takes the router's GET /services and
              # POST /services/guarded/start at the manager, both behind the API token
              guarded:
                image: %s
                port: 8000
            """.formatted(TestImages.mimic()))
            .apiToken(API_TOKEN)
            .routerToken(ROUTER_TOKEN)
            .build();

    @Test
    void theRouterRefusesClientsWithoutItsToken() {
        RawMcp noToken = RawMcp.to(FLEET.mcpUrl());

        RawResponse missing = noToken.post(RawMcp.initializeBody());
        RawResponse wrong = noToken.withBearer("not-" + ROUTER_TOKEN).post(RawMcp.initializeBody());
        RawResponse right = noToken.withBearer(ROUTER_TOKEN).post(RawMcp.initializeBody());

        assertThat(missing.status()).as(missing.toString()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(wrong.status()).as(wrong.toString()).isEqualTo(401);
        assertThat(right.status()).as(right.toString()).isEqualTo(200);
    }

    @Test
    void theRouterRefusesAForeignHostOrOrigin() {
        RawMcp client = FLEET.raw();

        RawResponse foreignHost = client.post(RawMcp.initializeBody(), "Host", "rebound.example:8080");
        RawResponse foreignOrigin = client.post(RawMcp.initializeBody(), "Origin", "http://rebound.example");
        RawResponse localOrigin = client.post(RawMcp.initializeBody(), "Origin", FLEET.routerUrl());

        assertThat(foreignHost.status()).as(foreignHost.toString()).isEqualTo(403);
        assertThat(foreignOrigin.status()).as(foreignOrigin.toString()).isEqualTo(403);
        assertThat(localOrigin.status()).as(localOrigin.toString()).isEqualTo(200);
    }

    @Test
    void theRouterAuthenticatesToATokenProtectedManagerAndRoutes() {
        int managerWithoutToken = new ManagerApi(FLEET.managerUrl(), null).get("/services").statusCode();
        FLEET.awaitTools("guarded__echo");

        CallToolResult result = call(FLEET.client(), "guarded__echo", Map.of("text", "in"));

        assertThat(managerWithoutToken).as("the manager's API needs the token").isEqualTo(401);
        assertThat(text(result)).isEqualTo("in");
    }
}
