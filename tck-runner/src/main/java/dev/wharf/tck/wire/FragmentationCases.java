package dev.wharf.tck.wire;

import static dev.wharf.tck.wire.Frame.BINARY;
import static dev.wharf.tck.wire.Frame.CONTINUATION;
import static dev.wharf.tck.wire.Frame.TEXT;
import static dev.wharf.tck.wire.Frame.fragment;
import static dev.wharf.tck.wire.WireCase.steps;

import java.util.ArrayList;
import java.util.List;

/** Fragmented messages, control frames between fragments, and broken fragment sequences (RFC 6455 §5.4). */
final class FragmentationCases {

    private FragmentationCases() {}

    static List<WireCase> cases() {
        WireCase.Numbering n = new WireCase.Numbering(Group.FRAGMENTATION, 5);
        n.add("text in 2 fragments is echoed whole", ctx -> echo(ctx, TEXT, "fragment1", "fragment2"));
        n.add("binary in 3 fragments is echoed whole", ctx -> {
            Exchange ex = ctx.open();
            byte[] p = Payloads.binary(3000);
            ex.send(fragment(BINARY, false, Payloads.slice(p, 0, 1000)),
                    fragment(CONTINUATION, false, Payloads.slice(p, 1000, 2000)),
                    fragment(CONTINUATION, true, Payloads.slice(p, 2000, 3000)));
            return steps(() -> ex.expectMessage(BINARY, p), ex::closeNormally);
        });
        n.add("text in 1-byte fragments is echoed whole", ctx -> echo(ctx, TEXT, "f", "r", "a", "g", "m", "e", "n", "t"));
        n.add("text of empty fragments is echoed as an empty message", ctx -> echo(ctx, TEXT, "", "", ""));
        n.add("ping between two fragments gets its pong before the echo", ctx -> {
            Exchange ex = ctx.open();
            byte[] ping = Payloads.utf8("between");
            ex.send(fragment(TEXT, false, Payloads.utf8("frag")), Frame.of(Frame.PING, ping),
                    fragment(CONTINUATION, true, Payloads.utf8("ment")));
            return steps(() -> ex.expectPong(ping), () -> ex.expectText("fragment"), ex::closeNormally);
        });
        n.add("pings between every fragment of 5 get pongs before the echo", ctx -> {
            Exchange ex = ctx.open();
            List<Frame> frames = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                frames.add(fragment(i == 0 ? TEXT : CONTINUATION, i == 4, Payloads.utf8("f" + i)));
                if (i < 4) {
                    frames.add(Frame.of(Frame.PING, Payloads.utf8("ping" + i)));
                }
            }
            ex.send(frames.toArray(Frame[]::new));
            List<WireCase.Step> expected = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                byte[] p = Payloads.utf8("ping" + i);
                expected.add(() -> ex.expectPong(p));
            }
            expected.add(() -> ex.expectText("f0f1f2f3f4"));
            expected.add(ex::closeNormally);
            return steps(expected.toArray(WireCase.Step[]::new));
        });
        n.add("fragments and a ping sent 1 byte at a time: pong, then the echo", ctx -> {
            Exchange ex = ctx.open();
            byte[] ping = Payloads.utf8("chopped");
            byte[] wire = Payloads.concat(fragment(TEXT, false, Payloads.utf8("frag")).encodeMasked(),
                    Frame.of(Frame.PING, ping).encodeMasked(),
                    fragment(CONTINUATION, true, Payloads.utf8("ment")).encodeMasked());
            ex.connection().sendChopped(wire, 1, 1);
            return steps(() -> ex.expectPong(ping), () -> ex.expectText("fragment"), ex::closeNormally);
        });
        refused(n, "continuation (FIN=1) without a started message fails with 1002",
                fragment(CONTINUATION, true, Payloads.utf8("orphan")));
        refused(n, "continuation (FIN=0) without a started message fails with 1002",
                fragment(CONTINUATION, false, Payloads.utf8("orphan")),
                fragment(CONTINUATION, true, Payloads.utf8("s")));
        n.add("continuation after a finished message fails with 1002", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.text("whole"), fragment(CONTINUATION, true, Payloads.utf8("late")));
            return ex.expectEchoThenClose("whole", 1002);
        });
        refused(n, "new text message inside a fragmented text fails with 1002",
                fragment(TEXT, false, Payloads.utf8("start")), Frame.text("intruder"),
                fragment(CONTINUATION, true, Payloads.utf8("end")));
        refused(n, "new binary message inside a fragmented text fails with 1002",
                fragment(TEXT, false, Payloads.utf8("start")), fragment(BINARY, true, Payloads.binary(4)),
                fragment(CONTINUATION, true, Payloads.utf8("end")));
        refused(n, "new text fragment (FIN=0) inside a fragmented binary fails with 1002",
                fragment(BINARY, false, Payloads.binary(4)), fragment(TEXT, false, Payloads.utf8("x")),
                fragment(CONTINUATION, true, Payloads.utf8("end")));
        refused(n, "fragmented pong (FIN=0) fails with 1002",
                fragment(Frame.PONG, false, Payloads.utf8("frag")), fragment(CONTINUATION, true, Payloads.utf8("ment")));
        refused(n, "fragmented close (FIN=0) fails with 1002",
                new Frame(false, 0, Frame.CLOSE, Frame.close(1000, new byte[0]).payload(), false));
        return n.cases();
    }

    private static Outcome echo(CaseContext ctx, int opcode, String... parts) throws java.io.IOException {
        Exchange ex = ctx.open();
        for (int i = 0; i < parts.length; i++) {
            ex.send(fragment(i == 0 ? opcode : CONTINUATION, i == parts.length - 1, Payloads.utf8(parts[i])));
        }
        String whole = String.join("", parts);
        return steps(() -> ex.expectMessage(opcode, Payloads.utf8(whole)), ex::closeNormally);
    }

    private static void refused(WireCase.Numbering n, String title, Frame... frames) {
        n.add(title, ctx -> {
            Exchange ex = ctx.open();
            ex.send(frames);
            return ex.expectClose(1002);
        });
    }
}
