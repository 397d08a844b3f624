package dev.wharf.tck.wire;

import java.util.List;

/** Reserved opcodes 0x3-0x7 (data) and 0xB-0xF (control) fail the connection with 1002 (RFC 6455 §5.2). */
final class OpcodeCases {

    private OpcodeCases() {}

    private static final int[] RESERVED = {0x3, 0x4, 0x5, 0x6, 0x7, 0xB, 0xC, 0xD, 0xE, 0xF};

    static List<WireCase> cases() {
        WireCase.Numbering n = new WireCase.Numbering(Group.OPCODES, 4);
        for (int op : RESERVED) {
            n.add("reserved opcode 0x" + Integer.toHexString(op).toUpperCase() + " fails with 1002", ctx -> {
                Exchange ex = ctx.open();
                ex.send(Frame.of(op, Payloads.utf8("reserved")));
                return ex.expectClose(1002);
            });
        }
        n.add("text echoed, then opcode 0x5 fails with 1002, later ping unanswered", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.text("before"), Frame.of(0x5, new byte[0]), Frame.of(Frame.PING, new byte[0]));
            return ex.expectEchoThenClose("before", 1002);
        });
        n.add("text echoed, then opcode 0xB fails with 1002, later ping unanswered", ctx -> {
            Exchange ex = ctx.open();
            ex.send(Frame.text("before"), Frame.of(0xB, new byte[0]), Frame.of(Frame.PING, new byte[0]));
            return ex.expectEchoThenClose("before", 1002);
        });
        return n.cases();
    }
}
