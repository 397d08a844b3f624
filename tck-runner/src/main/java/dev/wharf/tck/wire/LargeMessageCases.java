package dev.wharf.tck.wire;

import static dev.wharf.tck.wire.WireCase.steps;

import java.util.List;

/** Messages of 1 MiB on the plain echo endpoint and up to 16 MiB on the large-limit one. */
final class LargeMessageCases {

    private LargeMessageCases() {}

    private static final int MIB = 1 << 20;

    static List<WireCase> cases() {
        WireCase.Numbering n = new WireCase.Numbering(Group.LARGE_MESSAGES, 8);
        n.add("text of 1 MiB (mixed 1-4 byte characters) is echoed", ctx -> {
            Exchange ex = ctx.open();
            byte[] p = Payloads.mixedUtf8(MIB);
            ex.send(Frame.of(Frame.TEXT, p));
            return steps(() -> ex.expectMessage(Frame.TEXT, p), ex::closeNormally);
        });
        n.add("binary of 1 MiB is echoed", ctx -> {
            Exchange ex = ctx.open();
            byte[] p = Payloads.binary(MIB);
            ex.send(Frame.of(Frame.BINARY, p));
            return steps(() -> ex.expectMessage(Frame.BINARY, p), ex::closeNormally);
        });
        n.add("binary of 1 MiB in 1024 fragments is echoed", ctx -> {
            Exchange ex = ctx.open();
            byte[] p = Payloads.binary(MIB);
            sendFragmented(ex, Frame.BINARY, p, 1024);
            return steps(() -> ex.expectMessage(Frame.BINARY, p), ex::closeNormally);
        });
        n.add("text of 16 MiB on the large-limit endpoint is echoed", ctx -> {
            Exchange ex = ctx.openLarge();
            byte[] p = Payloads.mixedUtf8(16 * MIB);
            ex.send(Frame.of(Frame.TEXT, p));
            return steps(() -> ex.expectMessage(Frame.TEXT, p), ex::closeNormally);
        });
        n.add("binary of 16 MiB in 64 KiB fragments on the large-limit endpoint is echoed", ctx -> {
            Exchange ex = ctx.openLarge();
            byte[] p = Payloads.binary(16 * MIB);
            sendFragmented(ex, Frame.BINARY, p, 64 * 1024);
            return steps(() -> ex.expectMessage(Frame.BINARY, p), ex::closeNormally);
        });
        return n.cases();
    }

    private static void sendFragmented(Exchange ex, int opcode, byte[] p, int size) throws java.io.IOException {
        for (int at = 0; at < p.length; at += size) {
            int end = Math.min(p.length, at + size);
            ex.send(Frame.fragment(at == 0 ? opcode : Frame.CONTINUATION, end == p.length, Payloads.slice(p, at, end)));
        }
    }
}
