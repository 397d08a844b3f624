package dev.wharf.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.bench.load.LoadClient;
import dev.wharf.bench.scenario.BroadcastScenario;
import dev.wharf.bench.scenario.ChurnScenario;
import dev.wharf.bench.scenario.EchoScenario;
import dev.wharf.bench.scenario.IdleScenario;
import dev.wharf.bench.scenario.Result;
import dev.wharf.bench.scenario.Scenario;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The floor contenders forked as the comparison runs them, under the scenarios they serve (echo, churn, idle; the
 * plain floor also broadcast and broadcast-rooms) for a
 * fraction of a second: the load generator's checks pass (every payload validated, every close clean, no errors),
 * and the new user/system CPU columns are there.
 */
class FloorLoadTest {

    private static final Scenario.Timing BRIEF = new Scenario.Timing(200, 500);

    @ParameterizedTest
    @EnumSource(value = Contender.class, names = {"FLOOR", "FLOOR_BATCHED", "FLOOR_TOMCAT", "FLOOR_UNDERTOW", "FLOOR_JETTY"})
    void echoChurnAndIdlePassTheLoadGeneratorsChecks(Contender contender) throws Exception {
        Path classes = Path.of(System.getProperty("bench.classes.dir", "target/classes"));
        Path classPaths = Path.of(System.getProperty("bench.classpath.dir", "target/classpath"));
        try (ServerProcess server = ServerProcess.start(contender, classes, classPaths, List.of("-Xmx256m"),
                Path.of("target", "bench-logs", "floor-" + contender.label() + ".log"));
                LoadClient client = new LoadClient(new InetSocketAddress("127.0.0.1", server.port()), 1, 4)) {
            for (Scenario scenario : List.of(EchoScenario.small(4, 4, 128), EchoScenario.large(2, 1 << 20),
                    new ChurnScenario(4), new IdleScenario(50))) {
                Result result = scenario.run(server, client, BRIEF);
                assertTrue(result.ok(), contender.label() + ": " + result);
                assertTrue(client.openConnections() == 0, "connections left open after " + scenario.name());
                System.out.println(contender.label() + " " + result);
            }
            if (contender.classPathFamily().equals("floor")) { // the plain floor serves the broadcast room too
                for (Scenario scenario : List.of(new BroadcastScenario(40, 4), BroadcastScenario.withRoomsApi(40, 4))) {
                    Result result = scenario.run(server, client, BRIEF);
                    assertTrue(result.ok() && result.figures().get(BroadcastScenario.RATE) > 0,
                            contender.label() + ": " + result);
                    System.out.println(contender.label() + " " + result);
                }
            }
            Result echo = EchoScenario.small(4, 4, 128).run(server, client, BRIEF);
            assertTrue(echo.figures().containsKey(EchoScenario.USER_PER_MSG)
                    && echo.figures().containsKey(EchoScenario.SYS_PER_MSG), echo.toString());
        }
    }
}
