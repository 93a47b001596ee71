package io.mcpfleet.manager.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

class ApiTokenFilterTest {

    private final ApiTokenFilter filter = new ApiTokenFilter("s3cret-token");

    @Test
    void theRightBearerTokenPasses() throws Exception {
        MockHttpServletResponse response = run("Bearer s3cret-token");

        assertThat(response.getStatus()).isEqualTo(200);
    }

    @Test
    void theSchemeIsCaseInsensitive() throws Exception {
        assertThat(run("bearer s3cret-token").getStatus()).isEqualTo(200);
    }

    @Test
    void missingWrongAndMalformedTokensAreRejectedWithAProblem() throws Exception {
        for (String header : new String[] {null, "", "Bearer", "Bearer ", "Bearer wrong", "Basic czNjcmV0",
                "s3cret-token", "Bearer s3cret-token-and-more", "Bearer S3CRET-TOKEN", "Bearer \u0000\u0001"}) {
            MockHttpServletResponse response = run(header);

            assertThat(response.getStatus()).as("header %s", header).isEqualTo(401);
            assertThat(response.getHeader("WWW-Authenticate")).startsWith("Bearer");
            assertThat(response.getContentType()).isEqualTo("application/problem+json");
            assertThat(response.getContentAsString()).contains("\"status\":401");
        }
    }

    @Test
    void twoAuthorizationHeadersAreRejectedWhicheverComesFirst() throws Exception {
        for (String[] headers : new String[][] {{"Bearer s3cret-token", "Bearer wrong"},
                {"Bearer wrong", "Bearer s3cret-token"}, {"Bearer s3cret-token", "Bearer s3cret-token"}}) {
            MockHttpServletRequest request = new MockHttpServletRequest("GET", "/services");
            request.addHeader("Authorization", headers[0]);
            request.addHeader("Authorization", headers[1]);
            MockHttpServletResponse response = new MockHttpServletResponse();

            filter.doFilter(request, response, new MockFilterChain());

            assertThat(response.getStatus()).as(String.join(", ", headers)).isEqualTo(401);
        }
    }

    private MockHttpServletResponse run(String authorization) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/services");
        if (authorization != null) {
            request.addHeader("Authorization", authorization);
        }
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, new MockFilterChain());
        return response;
    }
}
