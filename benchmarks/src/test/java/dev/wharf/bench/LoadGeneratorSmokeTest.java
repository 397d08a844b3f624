package dev.wharf.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.bench.load.LoadClient;
import dev.wharf.bench.scenario.EchoScenario;
import dev.wharf.bench.scenario.Result;
import dev.wharf.bench.scenario.Scenario;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The load generator against Wharf on Tomcat in a forked server, as the comparison runs it: every scenario for a
 * fraction of a second, checking correctness (payloads validated, no errors), not speed.
 */
class LoadGeneratorSmokeTest {

    private static final Scenario.Timing BRIEF = new Scenario.Timing(200, 500);
    private static ServerProcess server;
    private static LoadClient client;

    @BeforeAll
    static void startServer() throws Exception {
        Path classes = Path.of(System.getProperty("bench.classes.dir", "target/classes"));
        Path classPaths = Path.of(System.getProperty("bench.classpath.dir", "target/classpath"));
        server = ServerProcess.start(Contender.WHARF_TOMCAT, classes, classPaths, List.of("-Xmx256m"),
                Path.of("target", "bench-logs", "smoke-wharf-tomcat.log"));
        client = new LoadClient(new InetSocketAddress("127.0.0.1", server.port()), 1, 4);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private static void check(Scenario scenario) throws Exception {
        Result result = scenario.run(server, client, BRIEF);
        assertTrue(result.ok(), result.toString());
        assertTrue(client.openConnections() == 0, "connections left open after " + scenario.name());
    }

    @Test
    void smallTextEchoIsValidated() throws Exception {
        check(EchoScenario.small(4, 4, 128));
    }

    @Test
    void largeBinaryEchoIsValidated() throws Exception {
        check(EchoScenario.large(2, 1 << 20));
    }
}
