package dev.wharf.tck.wire;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** The opening handshake (RFC 6455 §4.2): a correct 101, and the refusals a server must give. */
final class HandshakeCases {

    private HandshakeCases() {}

    static List<WireCase> cases() {
        WireCase.Numbering n = new WireCase.Numbering(Group.HANDSHAKE, 9);
        n.add("valid handshake: 101 with Upgrade, Connection and the right Sec-WebSocket-Accept", ctx -> {
            Map<String, String> h = WireConnection.validHandshake(ctx.target().echo());
            HttpHead head = ctx.handshake(ctx.target().echo(), h).handshake();
            String accept = WireConnection.acceptFor(h.get("Sec-WebSocket-Key"));
            if (head.status() != 101) {
                return Outcome.failed("got " + head.statusLine() + "; expected 101");
            }
            if (!head.field("Sec-WebSocket-Accept").orElse("").equals(accept)) {
                return Outcome.failed("Sec-WebSocket-Accept " + head.field("Sec-WebSocket-Accept").orElse("missing")
                        + "; expected " + accept);
            }
            if (!head.fieldHasToken("Upgrade", "websocket") || !head.fieldHasToken("Connection", "upgrade")) {
                return Outcome.failed("101 without Upgrade: websocket / Connection: Upgrade");
            }
            return Outcome.ok();
        });
        n.add("tokens in any case and Connection: keep-alive, Upgrade are accepted (101)", ctx -> {
            Map<String, String> h = WireConnection.validHandshake(ctx.target().echo());
            h.put("Upgrade", "WebSocket");
            h.put("Connection", "keep-alive, Upgrade");
            return status(ctx, ctx.target().echo(), h, 101);
        });
        // Every other case handshakes as browsers do, without Content-Length; java.net.http adds "Content-Length: 0".
        n.add("handshake with Content-Length: 0 (as java.net.http sends it) is upgraded and echoes", ctx -> {
            Map<String, String> h = WireConnection.validHandshake(ctx.target().echo());
            h.put("Content-Length", "0");
            Exchange ex = ctx.open(h);
            ex.sendText("with content-length");
            return WireCase.steps(() -> ex.expectText("with content-length"), ex::closeNormally);
        });
        n.add("unknown path is refused with 404", ctx -> {
            URI unknown = ctx.target().echo().resolve("wharf-tck-no-such-endpoint");
            return status(ctx, unknown, WireConnection.validHandshake(unknown), 404);
        });
        n.add("Sec-WebSocket-Key that is not base64 of 16 bytes is refused with 400", ctx -> {
            Map<String, String> h = WireConnection.validHandshake(ctx.target().echo());
            h.put("Sec-WebSocket-Key", "not-a-key");
            return status(ctx, ctx.target().echo(), h, 400);
        });
        n.add("Sec-WebSocket-Key of 15 bytes is refused with 400", ctx -> {
            Map<String, String> h = WireConnection.validHandshake(ctx.target().echo());
            h.put("Sec-WebSocket-Key", java.util.Base64.getEncoder().encodeToString(new byte[15]));
            return status(ctx, ctx.target().echo(), h, 400);
        });
        n.add("missing Sec-WebSocket-Key is refused with 400", ctx -> {
            Map<String, String> h = WireConnection.validHandshake(ctx.target().echo());
            h.put("Sec-WebSocket-Key", null);
            return status(ctx, ctx.target().echo(), h, 400);
        });
        n.add("missing Connection header is refused with 400", ctx -> {
            Map<String, String> h = WireConnection.validHandshake(ctx.target().echo());
            h.put("Connection", null);
            return status(ctx, ctx.target().echo(), h, 400);
        });
        n.add("Sec-WebSocket-Version: 8 is refused with 426 and Sec-WebSocket-Version: 13", ctx -> {
            Map<String, String> h = WireConnection.validHandshake(ctx.target().echo());
            h.put("Sec-WebSocket-Version", "8");
            HttpHead head = ctx.handshake(ctx.target().echo(), h).handshake();
            if (head.status() != 426) {
                return Outcome.failed("got " + head.statusLine() + "; expected 426");
            }
            if (!head.fieldHasToken("Sec-WebSocket-Version", "13")) {
                return Outcome.failed("426 without Sec-WebSocket-Version: 13 (RFC 6455 §4.4)");
            }
            return Outcome.ok();
        });
        return n.cases();
    }

    private static Outcome status(CaseContext ctx, URI uri, Map<String, String> headers, int expected)
            throws java.io.IOException {
        HttpHead head = ctx.handshake(uri, headers).handshake();
        return head.status() == expected
                ? Outcome.ok()
                : Outcome.failed("got " + head.statusLine() + "; expected " + expected);
    }
}
