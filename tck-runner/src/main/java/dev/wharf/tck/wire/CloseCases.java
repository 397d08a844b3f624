package dev.wharf.tck.wire;

import static dev.wharf.tck.wire.WireCase.steps;

import java.util.List;

/** The closing handshake: codes echoed, invalid codes and payloads refused, nothing after close (RFC 6455 §5.5.1, §7.4). */
final class CloseCases {

    private CloseCases() {}

    /** Codes a client may send (RFC 6455 §7.4.1-2, IANA registry: 1012-1014 registered since). */
    private static final int[] VALID = {1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014,
        3000, 3999, 4000, 4999};

    /** Codes that must never appear on the wire (RFC 6455 §7.4.1: 1005, 1006, 1015 are reserved for APIs). */
    private static final int[] INVALID = {0, 999, 1004, 1005, 1006, 1015, 1016, 1100, 2000, 2999, 5000, 65535};

    static List<WireCase> cases() {
        WireCase.Numbering n = new WireCase.Numbering(Group.CLOSE, 7);
        n.add("close without payload is answered with a close (no code or 1000)", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.of(Frame.CLOSE, new byte[0]));
            return ex.expectClose(-1, 1000);
        });
        for (int code : VALID) {
            n.add("close " + code + " is echoed", ctx -> {
                Exchange ex = ctx.open();
                ex.send(Frame.close(code, new byte[0]));
                return ex.expectClose(code);
            });
        }
        for (int code : INVALID) {
            n.add("close with invalid code " + code + " fails with 1002", ctx -> {
                Exchange ex = ctx.open();
                ex.send(Frame.close(code, new byte[0]));
                return ex.expectClose(1002);
            });
        }
        n.add("close with a 1-byte payload fails with 1002", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.of(Frame.CLOSE, new byte[] {0x03}));
            return ex.expectClose(1002);
        });
        n.add("close 1000 with a 123-byte reason (largest possible) is echoed", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.close(1000, Payloads.ascii(123)));
            return ex.expectClose(1000);
        });
        n.add("close 1000 with a 124-byte reason (126-byte control frame) fails with 1002", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.close(1000, Payloads.ascii(124)));
            return ex.expectClose(1002);
        });
        n.add("close 1000 with a valid UTF-8 reason is echoed", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.close(1000, Payloads.hex("cebae1bdb9cf83cebcceb5f09f9880")));
            return ex.expectClose(1000);
        });
        n.add("close 1000 with an invalid UTF-8 reason fails with 1007", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.close(1000, Payloads.hex("cebae1bdb9cf83cebcceb5eda080656469746564")));
            return ex.expectClose(1007);
        });
        n.add("text after close is ignored", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.close(1000, new byte[0]), Frame.text("after close"));
            return ex.expectClose(1000);
        });
        n.add("ping after close is ignored", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.close(1000, new byte[0]), Frame.of(Frame.PING, Payloads.utf8("after close")));
            return ex.expectClose(1000);
        });
        n.add("text echoed, then close 1000 echoed", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.text("last words"), Frame.close(1000, new byte[0]));
            return steps(() -> ex.expectText("last words"), () -> ex.expectClose(1000));
        });
        n.add("close in the middle of a fragmented message is echoed", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.fragment(Frame.TEXT, false, Payloads.utf8("unfinished")), Frame.close(1000, new byte[0]));
            return ex.expectClose(1000);
        });
        n.add("close sent 1 byte at a time is echoed", ctx -> {
            Exchange ex = ctx.open();
            ex.connection().sendChopped(Frame.close(1000, Payloads.utf8("chopped")).encodeMasked(), 1, 1);
            return ex.expectClose(1000);
        });
        return n.cases();
    }
}
