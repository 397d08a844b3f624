package dev.wharf.boot;

import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * The embedded servers' own WebSocket implementations, which Spring Boot's web starters bring along. With one of them
 * on the class path the application would not run on Wharf: Boot's WebSocket auto-configuration installs it as the
 * {@code ServerContainer}, and Spring Framework 6.2's {@code DefaultHandshakeHandler} picks a server-specific upgrade
 * strategy when classes from these same jars are present.
 */
enum OtherWebSocket {

    TOMCAT("Tomcat's own WebSocket", "spring-boot-starter-web, spring-boot-starter-webmvc, spring-boot-starter-websocket"
            + " or spring-boot-starter-tomcat",
            List.of("org.apache.tomcat.websocket.server.WsSci"),
            List.of("org.apache.tomcat.embed:tomcat-embed-websocket")),
    JETTY_EE11("Jetty's own WebSocket (ee11)", "spring-boot-starter-jetty",
            List.of("org.eclipse.jetty.ee11.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer",
                    "org.eclipse.jetty.ee11.websocket.server.JettyWebSocketServerContainer"),
            List.of("org.eclipse.jetty.ee11.websocket:jetty-ee11-websocket-jakarta-server",
                    "org.eclipse.jetty.ee11.websocket:jetty-ee11-websocket-jetty-server")),
    JETTY_EE10("Jetty's own WebSocket (ee10)", "spring-boot-starter-jetty",
            List.of("org.eclipse.jetty.ee10.websocket.jakarta.server.config.JakartaWebSocketServletContainerInitializer",
                    "org.eclipse.jetty.ee10.websocket.server.JettyWebSocketServerContainer"),
            List.of("org.eclipse.jetty.ee10.websocket:jetty-ee10-websocket-jakarta-server",
                    "org.eclipse.jetty.ee10.websocket:jetty-ee10-websocket-jetty-server")),
    UNDERTOW("Undertow's own WebSocket", "spring-boot-starter-undertow",
            List.of("io.undertow.websockets.jsr.Bootstrap"),
            List.of("io.undertow:undertow-websockets-jsr"));

    private final String title;
    private final String starters;
    private final List<String> markerClasses;
    private final List<String> artifacts;

    OtherWebSocket(String title, String starters, List<String> markerClasses, List<String> artifacts) {
        this.title = title;
        this.starters = starters;
        this.markerClasses = markerClasses;
        this.artifacts = artifacts;
    }

    /** What {@code loader} can see of each implementation, looked up as resources so that nothing is loaded. */
    static List<Found> on(ClassLoader loader) {
        List<Found> found = new ArrayList<>();
        for (OtherWebSocket other : values()) {
            for (String marker : other.markerClasses) {
                URL location = loader.getResource(marker.replace('.', '/') + ".class");
                if (location != null) {
                    found.add(new Found(other, marker, location));
                    break;
                }
            }
        }
        return found;
    }

    /** The Maven and Gradle exclusions that take this implementation off the class path. */
    String exclusions() {
        StringBuilder maven = new StringBuilder();
        StringBuilder gradle = new StringBuilder();
        for (String artifact : artifacts) {
            String[] coordinates = artifact.split(":");
            maven.append("\n      <exclusion><groupId>").append(coordinates[0]).append("</groupId><artifactId>")
                    .append(coordinates[1]).append("</artifactId></exclusion>");
            gradle.append("\n    exclude group: '").append(coordinates[0]).append("', module: '")
                    .append(coordinates[1]).append('\'');
        }
        return "Maven: add to every dependency that brings it (" + starters + "; `mvn dependency:tree -Dincludes="
                + artifacts.get(0) + "` shows which):\n    <exclusions>" + maven + "\n    </exclusions>\n"
                + "Gradle:\n  configurations.configureEach {" + gradle + "\n  }";
    }

    String title() {
        return title;
    }

    List<String> artifacts() {
        return artifacts;
    }

    /** One implementation seen on the class path: by which class, from where. */
    record Found(OtherWebSocket implementation, String markerClass, URL location) {

        String describe() {
            return implementation.title + " (" + String.join(", ", implementation.artifacts) + "): " + markerClass
                    + " in " + location;
        }
    }
}
