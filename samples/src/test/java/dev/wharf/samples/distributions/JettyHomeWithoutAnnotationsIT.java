package dev.wharf.samples.distributions;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.servlet.e2e.JdkClient;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The mistake the Jetty page warns about: a base without {@code ee11-annotations}, so Jetty never runs Wharf's
 * initializer. Nothing can be served then, but it must not be silent: Wharf's descriptor listener names the module.
 */
@DisplayName("jetty-home 12.1 without ee11-annotations: Wharf says what is missing")
class JettyHomeWithoutAnnotationsIT {

    @Test
    @DisplayName("the start-up log names the missing module, and handshakes are not served")
    void missingAnnotationsModuleIsLogged() throws Exception {
        Path base = DistributionTest.RUNS.resolve("jetty-home-" + JettyHomeTest.VERSION + "-no-annotations")
                .toAbsolutePath();
        DistributionTest.deleteRecursively(base);
        Files.createDirectories(base);
        String startJar = DistributionTest.DISTRIBUTIONS.resolve("jetty-home-" + JettyHomeTest.VERSION)
                .resolve("start.jar").toAbsolutePath().toString();
        ServerProcess.run(List.of(ServerProcess.java(), "-jar", startJar, "--add-modules=http,ee11-deploy"), base,
                base.resolve("add-modules.log"));
        Files.copy(DistributionTest.WAR, base.resolve("webapps/wharf-samples.war"));
        int port = ServerProcess.freePort();
        try (ServerProcess server = ServerProcess.start(List.of(ServerProcess.java(), "-jar", startJar,
                "jetty.http.host=127.0.0.1", "jetty.http.port=" + port), base, Map.of(), "Started oejs.Server@",
                base.resolve("server.log"))) {
            String output = server.output();
            assertTrue(output.contains("Wharf: no WebSocket endpoint is deployed in /wharf-samples")
                    && output.contains("--add-modules=ee11-annotations"), output);
            URI echo = URI.create("ws://127.0.0.1:" + port + DistributionTest.CONTEXT + "echo");
            assertThrows(Exception.class, () -> JdkClient.connect(echo).close());
        }
    }
}
