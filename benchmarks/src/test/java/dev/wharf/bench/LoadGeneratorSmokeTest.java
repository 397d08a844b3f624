package dev.wharf.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wharf.bench.load.LoadClient;
import dev.wharf.bench.scenario.BroadcastScenario;
import dev.wharf.bench.scenario.DeflateEchoScenario;
import dev.wharf.bench.scenario.EchoScenario;
import dev.wharf.bench.scenario.IdleDeflateScenario;
import dev.wharf.bench.scenario.Result;
import dev.wharf.bench.scenario.Scenario;
import dev.wharf.bench.scenario.SlowReaderScenario;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The load generator against Wharf on Tomcat and on Jetty (each through its own upgrade path) in a forked server, as
 * the comparison runs it: every scenario for a fraction of a second, checking correctness (payloads validated, no
 * errors), not speed.
 */
class LoadGeneratorSmokeTest {

    private static final Scenario.Timing BRIEF = new Scenario.Timing(200, 500);

    private static Result check(Contender contender, Scenario scenario) throws Exception {
        Path classes = Path.of(System.getProperty("bench.classes.dir", "target/classes"));
        Path classPaths = Path.of(System.getProperty("bench.classpath.dir", "target/classpath"));
        try (ServerProcess server = ServerProcess.start(contender, classes, classPaths, List.of("-Xmx256m"),
                Path.of("target", "bench-logs", "smoke-" + contender.label() + ".log"));
                LoadClient client = new LoadClient(new InetSocketAddress("127.0.0.1", server.port()), 1, 4)) {
            Result result = scenario.run(server, client, BRIEF);
            assertTrue(result.ok(), contender.label() + ": " + result);
            assertTrue(client.openConnections() == 0, "connections left open after " + scenario.name());
            return result;
        }
    }

    @ParameterizedTest
    @EnumSource(value = Contender.class, names = {"WHARF_TOMCAT", "WHARF_JETTY"})
    void smallTextEchoIsValidated(Contender contender) throws Exception {
        check(contender, EchoScenario.small(4, 4, 128));
    }

    @ParameterizedTest
    @EnumSource(value = Contender.class, names = {"WHARF_TOMCAT", "WHARF_JETTY"})
    void largeBinaryEchoIsValidated(Contender contender) throws Exception {
        check(contender, EchoScenario.large(2, 1 << 20));
    }

    /** Every member gets every sender's messages in order, counted only after the room welcomed it. */
    @ParameterizedTest
    @EnumSource(value = Contender.class, names = {"WHARF_TOMCAT", "WHARF_JETTY"})
    void broadcastIsValidated(Contender contender) throws Exception {
        Result result = check(contender, new BroadcastScenario(20, 2));
        assertTrue(result.figures().get(BroadcastScenario.RATE) > 0, contender.label() + ": " + result);
    }

    /** permessage-deflate on JSON-like text: negotiated on every connection, every echo inflated and checked. */
    @ParameterizedTest
    @EnumSource(value = Contender.class, names = {"WHARF_TOMCAT", "WHARF_JETTY"})
    void deflateEchoIsNegotiatedAndValidated(Contender contender) throws Exception {
        DeflateEchoScenario scenario = new DeflateEchoScenario(4, 4, 1536);
        Result result = check(contender, scenario);
        assertEquals(4, scenario.lastNegotiated(), contender.label() + ": deflate not negotiated: " + result);
        assertTrue(result.notes().isEmpty(), contender.label() + ": " + result);
        double ratio = result.figures().get(DeflateEchoScenario.RATIO);
        assertTrue(ratio > 2, contender.label() + ": compression ratio " + ratio + " on JSON text: " + result);
        System.out.println(contender.label() + " " + result);
    }

    /**
     * Browser-like compressed connections, a cold and a warm pass: deflate agreed on all, every echo checked, the
     * first message compressed (ratio above 1), and a memory profile written with both heap histograms.
     */
    @ParameterizedTest
    @EnumSource(value = Contender.class, names = {"WHARF_JETTY"})
    void idleDeflateIsNegotiatedAndProfiled(Contender contender, @TempDir Path profiles) throws Exception {
        Result result = check(contender, new IdleDeflateScenario(20, 300, profiles));
        assertTrue(result.notes().isEmpty(), contender.label() + ": " + result);
        assertTrue(result.figures().get(IdleDeflateScenario.RATIO) > 1.2, contender.label() + ": " + result);
        try (var files = Files.list(profiles)) {
            String profile = Files.readString(files.findFirst().orElseThrow());
            assertTrue(profile.contains("== heap histogram idle ==") && profile.contains("Java heap resident"),
                    profile);
        }
    }

    /** A few slow readers for two seconds: canaries get their echoes, the server survives, the peers are closed. */
    @ParameterizedTest
    @EnumSource(value = Contender.class, names = {"WHARF_JETTY"})
    void slowReadersRunAndStop(Contender contender) throws Exception {
        Result result = check(contender, SlowReaderScenario.blocking(5, 2, 0));
        assertEquals(1.0, result.figures().get(SlowReaderScenario.ALIVE), contender.label() + ": " + result);
        System.out.println(contender.label() + " " + result);
    }

    /** The same against the endpoint that echoes on the async remote ({@code slow-readers-async}). */
    @ParameterizedTest
    @EnumSource(value = Contender.class, names = {"WHARF_JETTY"})
    void asyncSlowReadersRunAndStop(Contender contender) throws Exception {
        Result result = check(contender, SlowReaderScenario.async(5, 2, 0));
        assertEquals(1.0, result.figures().get(SlowReaderScenario.ALIVE), contender.label() + ": " + result);
        System.out.println(contender.label() + " " + result);
    }
}
