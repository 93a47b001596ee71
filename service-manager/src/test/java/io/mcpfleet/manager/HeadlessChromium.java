package io.mcpfleet.manager;

import java.io.File;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (packages {@code chromium} and
 * {@code chromium-driver}; {@code .ci/run} installs them). Paths can be changed with the system
 * properties {@code console.chromium} and {@code console.chromedriver}. Naming the driver keeps
 * Selenium Manager from looking for one on the network.
 */
final class HeadlessChromium {

    private HeadlessChromium() {
    }

    static ChromeDriver start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(System.getProperty("console.chromium", "/usr/bin/chromium"));
        // --no-sandbox: the tests run as root in CI, where Chromium's sandbox refuses to start
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1440,900");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("console.chromedriver", "/usr/bin/chromedriver")))
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }
}
