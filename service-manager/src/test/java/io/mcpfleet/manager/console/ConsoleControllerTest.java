package io.mcpfleet.manager.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.test.web.servlet.assertj.MockMvcTester;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

/** Where the console is, and the headers that keep a page holding a token to itself. */
@WebMvcTest(controllers = ConsoleController.class)
class ConsoleControllerTest {

    @Autowired
    MockMvcTester mvc;

    @Test
    void theRootRedirectsToTheConsole() {
        assertThat(mvc.get().uri("/").exchange()).hasStatus3xxRedirection().hasRedirectedUrl("/console");
    }

    @Test
    void theConsoleIsTheStaticPageWithAPolicyThatTakesCodeOnlyFromTheManager() {
        MvcTestResult result = mvc.get().uri("/console").exchange();

        assertThat(result).hasStatusOk().hasForwardedUrl("/console/index.html");
        assertThat(result).headers().hasValue("Content-Security-Policy", ConsoleController.POLICY);
        assertThat(ConsoleController.POLICY).contains("default-src 'self'").contains("frame-ancestors 'none'");
        assertThat(result).headers().hasValue("Referrer-Policy", "no-referrer");
    }

    @Test
    void thePageAndItsAssetsAreInTheJar() {
        for (String asset : new String[] {"index.html", "console.js", "console.css"}) {
            assertThat(getClass().getResource("/static/console/" + asset)).as(asset).isNotNull();
        }
    }
}
