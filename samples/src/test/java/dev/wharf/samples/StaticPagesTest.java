package dev.wharf.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticPagesTest {

    @RegisterExtension
    static final RunningSamples samples = new RunningSamples();

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(samples.http(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void landingPageLinksEverySample() throws Exception {
        HttpResponse<String> index = get("/");
        assertEquals(200, index.statusCode());
        assertEquals("text/html;charset=utf-8", index.headers().firstValue("Content-Type").orElse(""));
        for (String page : new String[] {"echo.html", "chat.html", "feed.html", "json.html", "reverse.html", "server.html"}) {
            assertTrue(index.body().contains("href=\"" + page + "\""), page);
            assertEquals(200, get("/" + page).statusCode(), page);
        }
    }

    @Test
    void servesScriptsAndStylesWithTheirTypes() throws Exception {
        assertEquals("text/javascript;charset=utf-8",
                get("/chat.js").headers().firstValue("Content-Type").orElse(""));
        assertEquals("text/css;charset=utf-8", get("/style.css").headers().firstValue("Content-Type").orElse(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/missing.html", "/echo", "/dev/wharf/samples/Samples.class", "/web/index.html",
            "/..%2fSamples.class", "/%2e%2e/pom.xml", "/index.html/", "/Index.HTML"})
    void servesNothingButThePages(String path) throws Exception {
        // 404 from the pages servlet, or 400 where Jetty already refuses an ambiguous encoded path
        int status = get(path).statusCode();
        assertTrue(status == 404 || status == 400, path + " answered " + status);
    }
}
