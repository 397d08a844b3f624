package dev.wharf.tck.wire;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The RFC 6455 wire conformance suite: every case, run against one {@link WireTarget}.
 *
 * <p>From the command line, against any server with a plain echo endpoint:
 * <pre>java -cp tck-runner/target/classes dev.wharf.tck.wire.WireSuite ws://host:port/echo [ws://host:port/large-echo]</pre>
 * The exit status is 1 if any case FAILED.
 */
public final class WireSuite {

    private WireSuite() {}

    /** Every case, in group order. */
    public static List<WireCase> cases() {
        return Stream.of(FramingCases.cases(), PingPongCases.cases(), ReservedBitsCases.cases(),
                        OpcodeCases.cases(), FragmentationCases.cases(), Utf8Cases.cases(), CloseCases.cases(),
                        LargeMessageCases.cases(), HandshakeCases.cases(), CompressionCases.cases())
                .flatMap(List::stream)
                .toList();
    }

    /** Runs one case on fresh connections; an exception (e.g. a refused handshake) is a FAILED outcome. */
    public static Outcome run(WireCase c, WireTarget target) {
        try (CaseContext ctx = new CaseContext(target)) {
            return c.script().run(ctx);
        } catch (IOException | RuntimeException e) {
            return Outcome.failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || !args[0].startsWith("ws://")) {
            System.err.println("usage: WireSuite ws://host:port/echo [ws://host:port/large-echo]"
                    + "  (system property wire.timeout: seconds to wait for each reaction, default 5)");
            System.exit(2);
        }
        URI echo = URI.create(args[0]);
        URI large = args.length > 1 ? URI.create(args[1]) : echo;
        Duration timeout = Duration.ofSeconds(Long.getLong("wire.timeout", WireTarget.DEFAULT_TIMEOUT.toSeconds()));
        WireTarget target = new WireTarget(echo.getHost() + ":" + echo.getPort(), echo, large, timeout);
        WireReport report = new WireReport(target);
        List<WireCase> all = cases();
        for (WireCase c : all) {
            report.record(c, run(c, target));
        }
        PrintStream out = System.out;
        report.print(out);
        System.exit(report.count(Verdict.FAILED) > 0 ? 1 : 0);
    }
}
