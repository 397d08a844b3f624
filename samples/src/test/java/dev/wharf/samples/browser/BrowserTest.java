package dev.wharf.samples.browser;

import dev.wharf.samples.RunningSamples;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sample pages in a real browser. Chromium offers permessage-deflate; these pass whether Wharf accepts it or
 * not, since the pages only look at what arrives.
 */
class BrowserTest {

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

    @Test
    void echoPageRoundTripsAMessage() throws Exception {
        SamplePages.echoRoundTrip(chromium.open(), samples.http("/"));
    }

    @Test
    void serverPageShowsTheContainersMetersLive() throws Exception {
        SamplePages.serverPageShowsLiveMeters(chromium.open(), chromium.open(), samples.http("/"));
    }

    @Test
    void chatMessageFromOneBrowserArrivesInTheOther() throws Exception {
        // pass or fail, the page as bob saw it is the artefact to look at
        SamplePages.chatBetweenTwoBrowsers(chromium.open(), chromium.open(), samples.http("/"),
                Path.of(System.getProperty("wharf.samples.screenshots", "target/screenshots")), "chat.png");
    }
}
