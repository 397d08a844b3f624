package dev.wharf.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class OtherWebSocketTest {

    /** A class loader that sees exactly the given classes as resources, and nothing from its parents. */
    private static ClassLoader seeing(String... classNames) {
        Set<String> resources = Set.of(classNames).stream().map(n -> n.replace('.', '/') + ".class")
                .collect(java.util.stream.Collectors.toSet());
        return new ClassLoader(null) {
            @Override
            protected URL findResource(String name) {
                try {
                    return resources.contains(name) ? new URL("file:/fake/" + name) : null;
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    @Test
    @DisplayName("nothing is found on a class path without the servers' own WebSocket")
    void findsNothingWithoutThem() {
        assertEquals(List.of(), OtherWebSocket.on(seeing("org.apache.catalina.startup.Tomcat")));
        // this module's own test class path has Wharf and Spring Boot, but no server WebSocket
        assertEquals(List.of(), OtherWebSocket.on(OtherWebSocketTest.class.getClassLoader()));
    }

    @Test
    @DisplayName("Tomcat's WsSci is found and the exclusion names tomcat-embed-websocket")
    void findsTomcat() {
        List<OtherWebSocket.Found> found = OtherWebSocket.on(seeing("org.apache.tomcat.websocket.server.WsSci"));
        assertEquals(1, found.size());
        assertEquals(OtherWebSocket.TOMCAT, found.get(0).implementation());
        String exclusions = OtherWebSocket.TOMCAT.exclusions();
        assertTrue(exclusions.contains("<exclusion><groupId>org.apache.tomcat.embed</groupId>"
                + "<artifactId>tomcat-embed-websocket</artifactId></exclusion>"), exclusions);
        assertTrue(exclusions.contains("exclude group: 'org.apache.tomcat.embed', module: 'tomcat-embed-websocket'"),
                exclusions);
    }

    @Test
    @DisplayName("Jetty ee11 is found by either of its server jars, and both are excluded")
    void findsJettyEe11ByEitherJar() {
        for (String marker : List.of(
                "org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer",
                "org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer")) {
            List<OtherWebSocket.Found> found = OtherWebSocket.on(seeing(marker));
            assertEquals(List.of(OtherWebSocket.JETTY_EE11), found.stream().map(OtherWebSocket.Found::implementation)
                    .toList(), marker);
        }
        String exclusions = OtherWebSocket.JETTY_EE11.exclusions();
        assertTrue(exclusions.contains("<artifactId>jetty-ee11-websocket-jakarta-server</artifactId>"), exclusions);
        assertTrue(exclusions.contains("<artifactId>jetty-ee11-websocket-jetty-server</artifactId>"), exclusions);
        assertTrue(exclusions.contains("spring-boot-starter-jetty"), exclusions);
    }

    @Test
    @DisplayName("Undertow's JSR module and Jetty ee10 are found together, each once")
    void findsSeveral() {
        List<OtherWebSocket.Found> found = OtherWebSocket.on(seeing("io.undertow.websockets.jsr.Bootstrap",
                "org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer",
                "org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer"));
        assertEquals(List.of(OtherWebSocket.JETTY_EE10, OtherWebSocket.UNDERTOW),
                found.stream().map(OtherWebSocket.Found::implementation).toList());
        String message = new SecondWebSocketException(found).getMessage();
        assertTrue(message.contains("<artifactId>undertow-websockets-jsr</artifactId>"), message);
        assertTrue(message.contains("<artifactId>jetty-ee10-websocket-jakarta-server</artifactId>"), message);
        assertTrue(message.contains("file:/fake/io/undertow/websockets/jsr/Bootstrap.class"), message);
    }
}
