package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.testsupport.RemoveThisRunsContainers;
import io.mcpfleet.testsupport.TestImages;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console of a fleet of 200 services (none started) on a manager without a token: the page
 * needs no token there, and shows every service from one read. The time to the last row is
 * printed, not asserted (figures belong in bench/).
 */
@ExtendWith(RemoveThisRunsContainers.class)
class ConsoleFleetIT {

    private static final int SERVICES = 200;
    private static ManagerUnderTest manager;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        StringBuilder yaml = new StringBuilder("services:\n");
        for (int i = 0; i < SERVICES; i++) {
            yaml.append("  svc-%03d:\n    image: %s\n    port: 8000\n    auto_start: false\n"
                    .formatted(i, TestImages.busybox()));
        }
        manager = new ManagerUnderTest(yaml.toString(), Map.of());
        browser = HeadlessChromium.start();
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (manager != null) {
            manager.close();
        }
    }

    @Test
    void everyServiceOfALargeFleetIsListedWithoutAToken() {
        long started = System.nanoTime();
        browser.get("http://127.0.0.1:" + manager.port + "/console");

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> browser.findElements(By.cssSelector("tr.service")).size() == SERVICES);
        long millis = (System.nanoTime() - started) / 1_000_000;

        Object inPage = browser.executeScript("""
                const fleet = performance.getEntriesByName(location.origin + '/fleet')[0];
                const nav = performance.getEntriesByType('navigation')[0];
                return 'page loaded ' + Math.round(nav.loadEventEnd) + ' ms, GET /fleet took '
                    + Math.round(fleet.duration) + ' ms and ended at ' + Math.round(fleet.responseEnd) + ' ms';
                """);
        System.out.printf("console: %d services listed %d ms after the page was asked for (%s)%n", SERVICES, millis,
                inPage);
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("total-services")).getText()).isEqualTo(String.valueOf(SERVICES));
        assertThat(browser.findElement(By.cssSelector("tr.service[data-service='svc-199'] [data-field='state']"))
                .getText()).isEqualTo("stopped");
        assertThat(browser.findElement(By.id("forget-token")).isDisplayed()).isFalse();
    }
}
