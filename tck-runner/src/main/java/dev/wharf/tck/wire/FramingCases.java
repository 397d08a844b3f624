package dev.wharf.tck.wire;

import static dev.wharf.tck.wire.WireCase.steps;

import java.util.List;

/** Payload lengths at every length-encoding boundary (RFC 6455 §5.2), whole and split across TCP segments. */
final class FramingCases {

    private FramingCases() {}

    private static final int[] LENGTHS = {0, 125, 126, 127, 128, 65_535, 65_536, 65_537, 262_144};

    static List<WireCase> cases() {
        WireCase.Numbering n = new WireCase.Numbering(Group.FRAMING, 1);
        for (int len : LENGTHS) {
            n.add("text message of " + len + " bytes is echoed", ctx -> {
                Exchange ex = ctx.open();
                byte[] p = Payloads.ascii(len);
                ex.send(Frame.of(Frame.TEXT, p));
                return steps(() -> ex.expectMessage(Frame.TEXT, p), ex::closeNormally);
            });
        }
        for (int len : LENGTHS) {
            n.add("binary message of " + len + " bytes is echoed", ctx -> {
                Exchange ex = ctx.open();
                byte[] p = Payloads.binary(len);
                ex.send(Frame.of(Frame.BINARY, p));
                return steps(() -> ex.expectMessage(Frame.BINARY, p), ex::closeNormally);
            });
        }
        n.add("text of 65536 bytes sent in 997-byte TCP writes is echoed", ctx -> {
            Exchange ex = ctx.open();
            byte[] p = Payloads.ascii(65_536);
            ex.connection().sendChopped(Frame.of(Frame.TEXT, p).encodeMasked(), 997, 1);
            return steps(() -> ex.expectMessage(Frame.TEXT, p), ex::closeNormally);
        });
        n.add("text of 125 bytes sent 1 byte at a time is echoed", ctx -> {
            Exchange ex = ctx.open();
            byte[] p = Payloads.ascii(125);
            ex.connection().sendChopped(Frame.of(Frame.TEXT, p).encodeMasked(), 1, 1);
            return steps(() -> ex.expectMessage(Frame.TEXT, p), ex::closeNormally);
        });
        n.add("binary of 65537 bytes (64-bit length) sent 1 byte at a time for its header is echoed", ctx -> {
            Exchange ex = ctx.open();
            byte[] p = Payloads.binary(65_537);
            byte[] wire = Frame.of(Frame.BINARY, p).encodeMasked();
            ex.connection().sendChopped(Payloads.slice(wire, 0, 14), 1, 1);
            ex.connection().sendRaw(Payloads.slice(wire, 14, wire.length));
            return steps(() -> ex.expectMessage(Frame.BINARY, p), ex::closeNormally);
        });
        n.add("three messages in one TCP write are echoed in order", ctx -> {
            Exchange ex = ctx.open();
            byte[] a = Payloads.utf8("first");
            byte[] b = Payloads.binary(300);
            byte[] c = Payloads.utf8("third");
            ex.connection().sendRaw(Payloads.concat(Frame.of(Frame.TEXT, a).encodeMasked(),
                    Frame.of(Frame.BINARY, b).encodeMasked(), Frame.of(Frame.TEXT, c).encodeMasked()));
            return steps(() -> ex.expectMessage(Frame.TEXT, a), () -> ex.expectMessage(Frame.BINARY, b),
                    () -> ex.expectMessage(Frame.TEXT, c), ex::closeNormally);
        });
        n.add("unmasked client frame is refused with 1002 (RFC 6455 §5.1)", ctx -> {
            Exchange ex = ctx.open();
            byte[] hello = Payloads.utf8("unmasked");
            ex.connection().sendRaw(Payloads.concat(new byte[] {(byte) 0x81, (byte) hello.length}, hello));
            return ex.expectClose(1002);
        });
        return n.cases();
    }
}
