package dev.wharf.tck.wire;

import java.util.List;

/** Reserved bits set without a negotiated extension fail the connection with 1002 (RFC 6455 §5.2). */
final class ReservedBitsCases {

    private ReservedBitsCases() {}

    static List<WireCase> cases() {
        WireCase.Numbering n = new WireCase.Numbering(Group.RESERVED_BITS, 3);
        refused(n, "text with RSV1 fails with 1002", Frame.text("rsv1").withRsv(4));
        refused(n, "text with RSV2 fails with 1002", Frame.text("rsv2").withRsv(2));
        refused(n, "text with RSV3 fails with 1002", Frame.text("rsv3").withRsv(1));
        refused(n, "binary with RSV1+RSV2+RSV3 fails with 1002", Frame.of(Frame.BINARY, Payloads.binary(10)).withRsv(7));
        refused(n, "ping with RSV1+RSV3 fails with 1002", Frame.of(Frame.PING, Payloads.utf8("ping")).withRsv(5));
        refused(n, "close with RSV2+RSV3 fails with 1002", Frame.close(1000, new byte[0]).withRsv(3));
        refused(n, "continuation with RSV1 fails with 1002", Frame.fragment(Frame.TEXT, false, Payloads.utf8("a")),
                Frame.fragment(Frame.CONTINUATION, true, Payloads.utf8("b")).withRsv(4));
        n.add("text echoed, then text with RSV2 fails with 1002, later ping unanswered", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.text("before"), Frame.text("rsv2").withRsv(2), Frame.of(Frame.PING, new byte[0]));
            return ex.expectEchoThenClose("before", 1002);
        });
        return n.cases();
    }

    private static void refused(WireCase.Numbering n, String title, Frame... frames) {
        n.add(title, ctx -> {
            Exchange ex = ctx.open();
            ex.send(frames);
            return ex.expectClose(1002);
        });
    }
}
