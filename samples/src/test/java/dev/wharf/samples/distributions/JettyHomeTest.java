package dev.wharf.samples.distributions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Stock jetty-home 12.1 with the modules {@code docs/hosts/jetty.md} names ({@code http,<ee>-deploy,<ee>-annotations})
 * and no start-up flag: Jetty hides its own classes from the web application, so Wharf must reach Jetty's connection
 * hand-over through its bridge. Before it, every browser's WebSocket failed here (Jetty answered the first frame with
 * 400 inside the upgraded stream), while the JDK client, which sends {@code Content-Length: 0}, passed.
 */
abstract class JettyHomeTest extends DistributionTest {

    static final String VERSION = System.getProperty("wharf.dist.jetty", "12.1.12");

    /** The Jakarta EE environment: ee11 or ee10. */
    abstract String environment();

    @Override
    String name() {
        return "jetty-home-" + VERSION + "-" + environment();
    }

    @Override
    ServerProcess install(Path base, int port) throws Exception {
        Path home = DISTRIBUTIONS.resolve("jetty-home-" + VERSION).toAbsolutePath();
        String startJar = home.resolve("start.jar").toString();
        // docs/hosts/jetty.md: a base with these modules, the WAR in its webapps/, started from the base.
        String ee = environment();
        ServerProcess.run(List.of(ServerProcess.java(), "-jar", startJar,
                "--add-modules=http," + ee + "-deploy," + ee + "-annotations"), base, base.resolve("add-modules.log"));
        Files.copy(WAR, base.resolve("webapps/wharf-samples.war"));
        return ServerProcess.start(List.of(ServerProcess.java(), "-jar", startJar, "jetty.http.host=127.0.0.1",
                "jetty.http.port=" + port), base, Map.of(), "Started oejs.Server@", base.resolve("server.log"));
    }

    @Test
    @DisplayName("Wharf logs that it upgrades through Jetty's connection hand-over")
    void logsTheJettyPath() {
        String output = serverOutput();
        assertTrue(output.contains("WebSocket connections are taken over through Jetty " + environment()
                + "'s connection hand-over"), output);
    }
}
