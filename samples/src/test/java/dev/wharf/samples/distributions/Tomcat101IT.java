package dev.wharf.samples.distributions;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;

/**
 * Tomcat 10.1: Jakarta EE 10, so the application gets Tomcat's WebSocket 2.1 API from {@code lib/} (the WAR's 2.2 jars
 * are not used). Tomcat's WebSocket jar stays; its initializer is filtered with {@code containerSciFilter} in
 * {@code conf/context.xml}, the other way the docs give. The feed's asynchronous sends with a {@code SendHandler}
 * stalled here after one tick before Wharf stopped calling 2.2-only {@code SendResult} constructors.
 */
@DisplayName("Tomcat 10.1 (WebSocket 2.1 API), WsSci filtered by containerSciFilter, samples WAR")
class Tomcat101IT extends TomcatDistributionTest {

    @Override
    String version() {
        return System.getProperty("wharf.dist.tomcat10", "10.1.49");
    }

    @Override
    void removeTomcatWebSocket(Path catalinaHome) throws Exception {
        Path contextXml = catalinaHome.resolve("conf/context.xml");
        String xml = Files.readString(contextXml);
        if (!xml.contains("<Context>")) {
            throw new IllegalStateException("conf/context.xml has no plain <Context> element to add the filter to");
        }
        Files.writeString(contextXml, xml.replace("<Context>",
                "<Context containerSciFilter=\"org.apache.tomcat.websocket.server.WsSci\">"));
    }
}
