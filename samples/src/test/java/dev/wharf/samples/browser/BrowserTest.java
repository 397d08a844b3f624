package dev.wharf.samples.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.samples.RunningSamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The sample pages in a real browser. Chromium offers permessage-deflate; these pass whether Wharf accepts it or
 * not, since the pages only look at what arrives.
 */
class BrowserTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @RegisterExtension
    static final RunningSamples samples = new RunningSamples();

    private Chromium chromium;

    @BeforeEach
    void browser() {
        Chromium.requireInstalled();
        chromium = new Chromium();
    }

    @AfterEach
    void closeBrowser() {
        if (chromium != null) {
            chromium.close();
        }
    }

    private static WebDriverWait waitIn(WebDriver driver) {
        return new WebDriverWait(driver, WAIT);
    }

    private static void waitForText(WebDriver driver, String id, String text) {
        waitIn(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
    }

    @Test
    void echoPageRoundTripsAMessage() throws Exception {
        ChromeDriver page = chromium.open();
        page.get(samples.http("/echo.html").toString());
        waitIn(page).until(ExpectedConditions.elementToBeClickable(By.id("send")));
        page.findElement(By.id("message")).clear();
        page.findElement(By.id("message")).sendKeys("hello from chromium");
        page.findElement(By.id("send")).click();
        waitForText(page, "log", "← text: hello from chromium");
        page.findElement(By.id("send-binary")).click();
        waitForText(page, "log", "← binary 19 bytes");
        assertEquals("connected", page.findElement(By.id("status")).getText());
    }

    @Test
    void chatMessageFromOneBrowserArrivesInTheOther() throws Exception {
        ChromeDriver alice = chromium.open();
        ChromeDriver bob = chromium.open();
        try {
            join(alice, "alice");
            join(bob, "bob");
            waitForText(alice, "members", "bob");

            alice.findElement(By.id("text")).sendKeys("hi bob, this is alice");
            alice.findElement(By.id("say")).click();
            waitForText(bob, "log", "alice: hi bob, this is alice");
            bob.findElement(By.id("text")).sendKeys("hello alice!");
            bob.findElement(By.id("say")).click();
            waitForText(alice, "log", "bob: hello alice!");
            waitForText(bob, "log", "bob: hello alice!");

            assertTrue(bob.findElement(By.id("members")).getText().contains("alice"));
        } finally {
            // pass or fail, the page as bob saw it is the artefact to look at
            screenshot(bob, "chat.png");
        }
    }

    private static void join(ChromeDriver page, String name) {
        page.get(samples.http("/chat.html").toString());
        page.findElement(By.id("room")).clear();
        page.findElement(By.id("room")).sendKeys("browsers");
        page.findElement(By.id("name")).sendKeys(name);
        page.findElement(By.id("join")).click();
        waitForText(page, "status", "in room browsers as " + name);
    }

    /** Leaves the page as a test artefact in target/screenshots/. */
    private static void screenshot(ChromeDriver page, String name) throws Exception {
        Path dir = Path.of(System.getProperty("wharf.samples.screenshots", "target/screenshots"));
        Files.createDirectories(dir);
        Files.copy(page.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name),
                StandardCopyOption.REPLACE_EXISTING);
    }
}
