package dev.wharf.samples.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person does on the sample pages, in Chromium, wherever the samples are served: the embedded launcher
 * ({@link BrowserTest}) or a servlet container distribution ({@code dev.wharf.samples.distributions}). Every step
 * waits for what the page shows, with a timeout; nothing sleeps.
 */
public final class SamplePages {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private SamplePages() {
    }

    /** Sends a text and a binary message on the echo page at {@code base} and sees both come back. */
    public static void echoRoundTrip(ChromeDriver page, URI base) {
        page.get(base.resolve("echo.html").toString());
        waitIn(page).until(ExpectedConditions.elementToBeClickable(By.id("send")));
        page.findElement(By.id("message")).clear();
        page.findElement(By.id("message")).sendKeys("hello from chromium");
        page.findElement(By.id("send")).click();
        waitForText(page, "log", "← text: hello from chromium");
        page.findElement(By.id("send-binary")).click();
        waitForText(page, "log", "← binary 19 bytes");
        assertEquals("connected", page.findElement(By.id("status")).getText());
    }

    /**
     * Two separate browsers ({@link Chromium#open}) join one chat room; each one's line arrives in the other. Leaves
     * {@code screenshot} (as bob saw the room) in {@code screenshots}, pass or fail.
     */
    public static void chatBetweenTwoBrowsers(ChromeDriver alice, ChromeDriver bob, URI base, Path screenshots,
                                              String screenshot) throws Exception {
        try {
            join(alice, base, "alice");
            join(bob, base, "bob");
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
            Files.createDirectories(screenshots);
            Files.copy(bob.getScreenshotAs(OutputType.FILE).toPath(), screenshots.resolve(screenshot),
                    StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The feed page's tick counter reaches {@code ticks}: the server keeps pushing (asynchronous sends complete). */
    public static void feedTicks(ChromeDriver page, URI base, int ticks) {
        page.get(base.resolve("feed.html").toString());
        waitIn(page).until(driver -> {
            String text = driver.findElement(By.id("tick")).getText().trim();
            return !text.isEmpty() && Integer.parseInt(text) >= ticks;
        });
    }

    /**
     * The server page draws this container's meters live: its own connection shows among the open ones, samples keep
     * coming, and a message echoed on the echo page (in {@code other}) shows in the echo endpoint's row.
     */
    public static void serverPageShowsLiveMeters(ChromeDriver page, ChromeDriver other, URI base) {
        page.get(base.resolve("server.html").toString());
        waitForText(page, "status", "live");
        waitIn(page).until(driver -> number(driver, "samples") >= 2 && number(driver, "open") >= 1);
        echoRoundTrip(other, base);
        waitIn(page).until(driver -> {
            for (WebElement row : driver.findElements(By.cssSelector("#endpoints tbody tr"))) {
                List<WebElement> cells = row.findElements(By.tagName("td"));
                if (cells.get(0).getText().equals("/echo") && Integer.parseInt(cells.get(2).getText()) >= 2) {
                    return true; // the text and the binary message
                }
            }
            return false;
        });
        assertTrue(Double.parseDouble(page.findElement(By.id("rate-in")).getText()) >= 0);
        // The page's own connection is pinged every second and the browser answers: its round trip shows. Read in
        // one script: the rows are rebuilt every second, so an element found in one call may be gone in the next.
        waitIn(page).until(driver -> {
            Object rtt = page.executeScript("const row = document.querySelector("
                    + "'#endpoints tbody tr[data-path=\"/server-stats\"]'); return row ? row.cells[4].textContent : '';");
            return String.valueOf(rtt).matches("[0-9.]+ / [0-9.]+");
        });
    }

    private static int number(WebDriver driver, String id) {
        String text = driver.findElement(By.id(id)).getText().trim();
        return text.isEmpty() ? 0 : Integer.parseInt(text);
    }

    private static void join(ChromeDriver page, URI base, String name) {
        page.get(base.resolve("chat.html").toString());
        page.findElement(By.id("room")).clear();
        page.findElement(By.id("room")).sendKeys("browsers");
        page.findElement(By.id("name")).sendKeys(name);
        page.findElement(By.id("join")).click();
        waitForText(page, "status", "in room browsers as " + name);
    }

    /** Live pages redraw their tables every second: an element read just before a redraw is retried, not a failure. */
    private static WebDriverWait waitIn(WebDriver driver) {
        WebDriverWait wait = new WebDriverWait(driver, WAIT);
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private static void waitForText(WebDriver driver, String id, String text) {
        waitIn(driver).until(ExpectedConditions.textToBePresentInElementLocated(By.id(id), text));
    }
}
