package io.mcpfleet.manager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.mcpfleet.manager.logs.FleetLogs;
import io.mcpfleet.testsupport.RemoveThisRunsContainers;
import io.mcpfleet.testsupport.TestImages;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The console in a real browser (Debian's headless Chromium, driven by Selenium through its
 * chromedriver) against a real manager with a token and real busybox containers: {@code ticker}
 * runs and prints, {@code quiet} sleeps. The tests run in order, as an operator would use the page.
 * Screenshots go to {@code target/console-screenshots/}: a test run must not rewrite tracked files
 * (every build would leave the checkout dirty). docs/operations.md says how to refresh the docs' copies.
 */
@ExtendWith(RemoveThisRunsContainers.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleIT {

    private static final String TOKEN = "console-test-token-" + System.nanoTime();
    private static final Duration UI = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static ManagerUnderTest manager;
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        String image = TestImages.busybox();
        manager = new ManagerUnderTest("""
                services:
                  ticker:
                    image: %1$s
                    port: 8000
                    command: %2$s
                    resources: {memory: 64MB}
                    replicas: {max: 3}
                    health: %3$s
                  quiet:
                    image: %1$s
                    port: 8000
                    command: ["httpd", "-f", "-p", "8000", "-h", "/www"]
                    health: %3$s
                """.formatted(image, LogsIT.TICKER, LogsIT.HTTPD_HEALTH), Map.of("fleet.api-token", TOKEN));
        assertThat(authorized("/services/ticker/start").statusCode()).isEqualTo(200);
        assertThat(authorized("/services/quiet/start").statusCode()).isEqualTo(200);
        assertThat(authorized("/services/quiet/sleep").statusCode()).isEqualTo(200);

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
    @Order(1)
    void withoutTheTokenNothingIsShownAndNoActionWorks() {
        browser.get(url("/"));
        await().atMost(UI).until(() -> browser.findElement(By.id("login")).isDisplayed());

        assertThat(browser.getCurrentUrl()).endsWith("/console");
        assertThat(browser.findElement(By.id("fleet")).isDisplayed()).isFalse();
        assertThat(browser.findElements(By.cssSelector("#services tbody tr"))).isEmpty();
        assertThat(browser.getPageSource()).doesNotContain("ticker").doesNotContain("quiet");

        signIn("not-the-token");
        await().atMost(UI).until(() -> browser.findElement(By.id("login-error")).getText()
                .contains("the bearer token is not valid"));
        assertThat(browser.findElements(By.cssSelector("#services tbody tr"))).isEmpty();
        assertThat(script("return sessionStorage.length")).isEqualTo(0L);

        // The page's own origin cannot act without the token either.
        Object status = ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch('/services/quiet/start?wait=false', {method: 'POST'}).then(r => done(r.status));
                """);
        assertThat(status).isEqualTo(401L);
        assertThat(stateOf("quiet")).isEqualTo("sleeping");
    }

    @Test
    @Order(2)
    void listsEveryServiceWithItsStateReplicasImageAndMemory() {
        signIn(TOKEN);

        await().atMost(UI).until(() -> rowText("ticker", "state").startsWith("running")
                && rowText("quiet", "state").startsWith("sleeping"));
        assertThat(rowText("ticker", "replicas")).isEqualTo("1 / 1");
        assertThat(rowText("quiet", "state")).isEqualTo("sleeping (stopped)");
        WebElement ticker = row("ticker");
        assertThat(ticker.getText()).contains(TestImages.busybox()).contains("64 MiB");
        assertThat(browser.findElements(By.cssSelector("tr.instance[data-service='ticker']"))).hasSize(1);
        assertThat(browser.findElement(By.id("total-memory")).getText()).contains(" of ");
        assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN);
        assertThat(browser.getPageSource()).doesNotContain(TOKEN);
        screenshot("console.png");
    }

    @Test
    @Order(3)
    void aClickStartsASleepingServiceAndItsRowTurnsRunningWithoutAReload() {
        script("window.notReloaded = true");

        button("quiet", "start").click();

        await().atMost(UI).until(() -> rowText("quiet", "state").startsWith("running"));
        assertThat(script("return window.notReloaded")).isEqualTo(true);
        assertThat(browser.findElements(By.cssSelector("#events li"))).isNotEmpty();
        assertThat(browser.findElement(By.id("events")).getText()).contains("quiet");
    }

    @Test
    @Order(4)
    void scalingShowsTheNewInstances() {
        script("window.notReloaded = true");
        WebElement replicas = row("ticker").findElement(By.cssSelector("input[data-action='replicas']"));
        replicas.clear();
        replicas.sendKeys("2");

        button("ticker", "scale").click();

        await().atMost(UI).until(() -> rowText("ticker", "replicas").equals("2 / 2")
                && browser.findElements(By.cssSelector("tr.instance[data-service='ticker']")).size() == 2);
        List<WebElement> instances = browser.findElements(By.cssSelector("tr.instance[data-service='ticker']"));
        assertThat(instances).allSatisfy(i -> assertThat(i.getText()).contains("running").contains("healthy")
                .contains("http://"));
        assertThat(script("return window.notReloaded")).isEqualTo(true);
    }

    @Test
    @Order(5)
    void theLogsPaneShowsWhatTheContainerPrintedAndFollowsIt() {
        button("ticker", "logs").click();

        WebElement output = browser.findElement(By.id("logs-output"));
        await().atMost(UI).until(() -> output.getText().contains("ticker says hello"));
        assertThat(browser.findElement(By.id("logs-title")).getText()).isEqualTo("Logs of ticker");
        int before = output.getText().split("\n").length;
        await().atMost(UI).until(() -> output.getText().split("\n").length > before);
        assertThat(output.getText()).contains("stderr ticker says hello").contains("stdout tick ");
        screenshot("console-logs.png");

        FleetLogs logs = manager.bean(FleetLogs.class);
        assertThat(logs.follows()).isEqualTo(1);
        browser.findElement(By.id("logs-close")).click();
        assertThat(browser.findElement(By.id("logs")).isDisplayed()).isFalse();
        // closing the pane aborts the fetch; the manager notices on its next write and frees the engine streams
        await().atMost(UI).until(() -> logs.follows() == 0 && logs.engineStreams() == 0);
    }

    @Test
    @Order(6)
    void scalingDownAsksFirstAndForgettingTheTokenHidesTheFleet() {
        WebElement replicas = row("ticker").findElement(By.cssSelector("input[data-action='replicas']"));
        replicas.clear();
        replicas.sendKeys("1");

        button("ticker", "scale").click();
        browser.switchTo().alert().dismiss();
        assertThat(rowText("ticker", "replicas")).isEqualTo("2 / 2");
        button("ticker", "scale").click();
        browser.switchTo().alert().accept();
        await().atMost(UI).until(() -> rowText("ticker", "replicas").equals("1 / 1"));

        browser.findElement(By.id("forget-token")).click();
        assertThat(browser.findElement(By.id("login")).isDisplayed()).isTrue();
        assertThat(browser.findElements(By.cssSelector("#services tbody tr"))).isEmpty();
        assertThat(script("return sessionStorage.length")).isEqualTo(0L);
    }

    private static void signIn(String token) {
        if (!browser.findElement(By.id("login")).isDisplayed()) {
            browser.get(url("/console"));
        }
        await().atMost(UI).until(() -> browser.findElement(By.id("login")).isDisplayed());
        WebElement field = browser.findElement(By.id("token"));
        field.clear();
        field.sendKeys(token);
        browser.findElement(By.cssSelector("#token-form button[type='submit']")).click();
    }

    private static WebElement row(String service) {
        return browser.findElement(By.cssSelector("tr.service[data-service='" + service + "']"));
    }

    private static WebElement button(String service, String action) {
        return row(service).findElement(By.cssSelector("button[data-action='" + action + "']"));
    }

    /** A cell of the service's row; a row replaced while it is read is read again. */
    private static String rowText(String service, String field) {
        try {
            return row(service).findElement(By.cssSelector("[data-field='" + field + "']")).getText();
        } catch (org.openqa.selenium.StaleElementReferenceException | org.openqa.selenium.NoSuchElementException e) {
            return "";
        }
    }

    private static Object script(String js) {
        return ((JavascriptExecutor) browser).executeScript(js);
    }

    private static String stateOf(String service) {
        HttpResponse<String> r = ManagerUnderTest.send(manager.request("/services/" + service + "/status")
                .header("Authorization", "Bearer " + TOKEN).build());
        return tools.jackson.databind.json.JsonMapper.builder().build().readTree(r.body()).get("state").asString();
    }

    private static HttpResponse<String> authorized(String path) {
        return ManagerUnderTest.send(manager.request(path).header("Authorization", "Bearer " + TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + manager.port + path;
    }

    private static void screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            File shot = browser.getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
