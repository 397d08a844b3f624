package dev.wharf.samples.distributions;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A stock Tomcat from Maven Central with the samples WAR, installed as {@code docs/hosts/tomcat.md} says. */
abstract class TomcatDistributionTest extends DistributionTest {

    abstract String version();

    /** The docs' step that keeps Tomcat's own WebSocket implementation out of the application. */
    abstract void removeTomcatWebSocket(Path catalinaHome) throws Exception;

    /** A WAR's copy of Wharf can link Tomcat's upgrade internals: Tomcat's loader delegates org.apache.coyote. */
    @Test
    @DisplayName("Wharf takes connections over through Tomcat's internal upgrade (native socket I/O)")
    void nativeTransportInUse() {
        String output = serverOutput();
        assertTrue(output.contains("taken over through Tomcat's internal upgrade"), output);
    }

    @Override
    String name() {
        return "apache-tomcat-" + version();
    }

    @Override
    ServerProcess install(Path work, int port) throws Exception {
        Path home = work.resolve("apache-tomcat-" + version());
        copyTree(DISTRIBUTIONS.resolve("apache-tomcat-" + version()), home);
        removeTomcatWebSocket(home);
        // Test set-up only, not a step of the docs: a free loopback port, no shutdown port, no sample applications
        // of Tomcat's own (they only cost start-up time).
        Path serverXml = home.resolve("conf/server.xml");
        String xml = Files.readString(serverXml)
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + port + "\"")
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"");
        Files.writeString(serverXml, xml);
        for (String app : List.of("docs", "examples", "manager", "host-manager")) {
            deleteRecursively(home.resolve("webapps").resolve(app));
        }
        Files.copy(WAR, home.resolve("webapps/wharf-samples.war"));
        return ServerProcess.start(List.of("bash", home.resolve("bin/catalina.sh").toString(), "run"), home,
                Map.of("JAVA_HOME", System.getProperty("java.home"), "CATALINA_HOME", home.toString(),
                        "CATALINA_BASE", home.toString()),
                "Server startup in", work.resolve("server.log"));
    }
}
