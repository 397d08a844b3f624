package dev.wharf.samples.distributions;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;

/** Tomcat 11 (WebSocket 2.2 API in its lib/), Tomcat's WebSocket removed by deleting {@code lib/tomcat-websocket.jar}. */
@DisplayName("Tomcat 11, lib/tomcat-websocket.jar removed, samples WAR")
class Tomcat11IT extends TomcatDistributionTest {

    @Override
    String version() {
        return System.getProperty("wharf.dist.tomcat11", "11.0.25");
    }

    @Override
    void removeTomcatWebSocket(Path catalinaHome) throws Exception {
        Files.delete(catalinaHome.resolve("lib/tomcat-websocket.jar"));
    }
}
