package dev.wharf.tck.wire;

import static dev.wharf.tck.wire.WireCase.steps;

import java.time.Duration;
import java.util.List;

/** Pings are answered with identical pongs, pongs are ignored, bad pings fail with 1002 (RFC 6455 §5.5.2-3). */
final class PingPongCases {

    private PingPongCases() {}

    static List<WireCase> cases() {
        WireCase.Numbering n = new WireCase.Numbering(Group.PING_PONG, 2);
        n.add("ping without payload gets an empty pong", ctx -> pingPong(ctx.open(), new byte[0]));
        n.add("ping with 10 bytes of text gets the same pong", ctx -> pingPong(ctx.open(), Payloads.utf8("Hello, ws!")));
        n.add("ping with 125 bytes of binary gets the same pong", ctx -> pingPong(ctx.open(), Payloads.binary(125)));
        n.add("ping with 126 bytes fails with 1002 (control frame too long)", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.of(Frame.PING, Payloads.binary(126)));
            return ex.expectClose(1002);
        });
        n.add("fragmented ping (FIN=0) fails with 1002", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.fragment(Frame.PING, false, Payloads.utf8("frag")),
                    Frame.fragment(Frame.CONTINUATION, true, Payloads.utf8("ment")));
            return ex.expectClose(1002);
        });
        n.add("unsolicited empty pong is ignored", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.of(Frame.PONG, new byte[0]));
            return steps(() -> ex.expectNothing(Duration.ofMillis(300)), () -> echoText(ex, "after pong"),
                    ex::closeNormally);
        });
        n.add("unsolicited pong with payload is ignored", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.of(Frame.PONG, Payloads.utf8("unsolicited")));
            return steps(() -> ex.expectNothing(Duration.ofMillis(300)), () -> echoText(ex, "after pong"),
                    ex::closeNormally);
        });
        n.add("unsolicited pong then ping: only the ping is answered", ctx -> {
            Exchange ex = ctx.open();
            byte[] p = Payloads.utf8("ping payload");
            ex.send(Frame.of(Frame.PONG, Payloads.utf8("unsolicited")), Frame.of(Frame.PING, p));
            return steps(() -> ex.expectPong(p), ex::closeNormally);
        });
        n.add("ten pings in a row get ten pongs in order", ctx -> {
            Exchange ex = ctx.open();
            for (int i = 0; i < 10; i++) {
                ex.send(Frame.of(Frame.PING, Payloads.utf8("ping " + i)));
            }
            Outcome result = Outcome.ok();
            for (int i = 0; i < 10 && result.isOk(); i++) {
                result = ex.expectPong(Payloads.utf8("ping " + i));
            }
            return result.isOk() ? ex.closeNormally() : result;
        });
        n.add("ping sent 1 byte at a time gets its pong", ctx -> {
            Exchange ex = ctx.open();
            byte[] p = Payloads.utf8("chopped ping");
            ex.connection().sendChopped(Frame.of(Frame.PING, p).encodeMasked(), 1, 1);
            return steps(() -> ex.expectPong(p), ex::closeNormally);
        });
        return n.cases();
    }

    private static Outcome pingPong(Exchange ex, byte[] payload) throws java.io.IOException {
        ex.send(Frame.of(Frame.PING, payload));
        return steps(() -> ex.expectPong(payload), ex::closeNormally);
    }

    private static Outcome echoText(Exchange ex, String text) throws java.io.IOException {
        ex.sendText(text);
        return ex.expectText(text);
    }
}
