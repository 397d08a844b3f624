package dev.wharf.samples.browser;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium from the Debian packages {@code chromium} and {@code chromium-driver}, driven through
 * {@code /usr/bin/chromedriver} named explicitly, so Selenium Manager never looks for (or downloads) anything.
 * Each {@link #open} starts a separate browser with a fresh profile: separate cookies, storage and connections.
 * Public for the distribution tests ({@code dev.wharf.samples.distributions}).
 */
public final class Chromium implements AutoCloseable {

    static final File BROWSER = new File("/usr/bin/chromium");
    static final File DRIVER = new File("/usr/bin/chromedriver");

    private final List<ChromeDriver> drivers = new ArrayList<>();
    private final List<Path> profiles = new ArrayList<>();

    /**
     * Skips the calling test when Chromium is missing on a developer machine; fails it in CI ({@code CI=true}),
     * where {@code .ci/run} installs the packages and a skip would hide a broken set-up.
     */
    public static void requireInstalled() {
        boolean installed = BROWSER.canExecute() && DRIVER.canExecute();
        String message = "headless Chromium not found (" + BROWSER + ", " + DRIVER + "); install it with"
                + " apt-get install -y chromium chromium-driver";
        if (!installed && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message + " — CI=true, so the browser test must run");
        }
        assumeTrue(installed, message + " — browser test skipped");
    }

    public ChromeDriver open() throws IOException {
        System.setProperty("webdriver.chrome.driver", DRIVER.getPath());
        Path profile = Files.createTempDirectory("wharf-chromium-");
        profiles.add(profile);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1100,820",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVER)
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        drivers.add(driver);
        return driver;
    }

    @Override
    public void close() {
        for (ChromeDriver driver : drivers) {
            driver.quit();
        }
        for (Path profile : profiles) {
            deleteRecursively(profile);
        }
    }

    /** Best effort: a browser that is still exiting may write late, and that must not fail the test. */
    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // left in the temp directory
        }
    }
}
