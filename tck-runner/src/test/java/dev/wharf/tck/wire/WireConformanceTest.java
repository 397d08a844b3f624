package dev.wharf.tck.wire;

import static org.junit.jupiter.api.Assertions.fail;

import dev.wharf.servlet.WharfInitializer;
import dev.wharf.servlet.hosts.Host;
import dev.wharf.servlet.hosts.WebApp;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The RFC 6455 wire suite as JUnit tests, one dynamic test per case.
 *
 * <p>By default it runs against Wharf on every embedded host. A FAILED case fails its test; a NON-STRICT one is
 * reported as an aborted (skipped) test whose reason says what fell short. With {@code -Dwire.target=ws://host:port/echo} (and optionally
 * {@code -Dwire.large=ws://…} for the 16 MiB cases, {@code -Dwire.timeout=seconds}) it runs against that server
 * instead. Either way a summary table per target is printed at the end.
 */
class WireConformanceTest {

    private static final String TARGET = System.getProperty("wire.target", "").trim();
    private static final List<Host> HOSTS = new ArrayList<>();
    private static final List<WireReport> REPORTS = new ArrayList<>();

    @BeforeAll
    static void startHosts() throws Exception {
        if (!TARGET.isEmpty()) {
            return;
        }
        for (String name : List.of("jetty", "tomcat")) {
            HOSTS.add(Host.named(name).start(WebApp.at("/wire")
                    .initializer(new WharfInitializer(), EchoEndpoints.Echo.class, EchoEndpoints.LargeEcho.class)
                    .build()));
        }
    }

    @AfterAll
    static void printAndStop() throws Exception {
        REPORTS.forEach(r -> r.print(System.out));
        for (Host host : HOSTS) {
            host.stop();
        }
    }

    @TestFactory
    Stream<DynamicNode> wire() {
        if (!TARGET.isEmpty()) {
            URI echo = URI.create(TARGET);
            String large = System.getProperty("wire.large", "").trim();
            Duration timeout = Duration.ofSeconds(Long.getLong("wire.timeout", 5));
            return Stream.of(suite(new WireTarget(TARGET, echo, large.isEmpty() ? echo : URI.create(large), timeout)));
        }
        return HOSTS.stream().map(h -> suite(new WireTarget("Wharf on " + h.name(), h.wsUri("/echo"),
                h.wsUri("/echo-large"), WireTarget.DEFAULT_TIMEOUT)));
    }

    private static DynamicNode suite(WireTarget target) {
        WireReport report = new WireReport(target);
        REPORTS.add(report);
        return DynamicContainer.dynamicContainer(target.name(), WireSuite.cases().stream().map(c ->
                DynamicTest.dynamicTest(c.id() + " " + c.title(), () -> {
                    Outcome outcome = WireSuite.run(c, target);
                    report.record(c, outcome);
                    if (outcome.verdict() == Verdict.FAILED) {
                        fail(outcome.toString());
                    }
                    // Acceptable but not the strictest: reported as an aborted (skipped) test with the reason.
                    Assumptions.assumeTrue(outcome.isOk(), outcome::toString);
                })));
    }
}
