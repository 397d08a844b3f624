package dev.wharf.tck.wire;

import dev.wharf.tck.wire.WireConnection.End;
import dev.wharf.tck.wire.WireConnection.Got;
import dev.wharf.tck.wire.WireConnection.Received;
import dev.wharf.tck.wire.WireConnection.Silence;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * An open WebSocket connection with the suite's expectations on it: each {@code expect} method reads what the
 * server sends next and turns it into an {@link Outcome}. Every server frame is also checked for what RFC 6455 §5
 * forbids a server: a mask, reserved bits without an extension, a fragmented or oversized control frame.
 */
public final class Exchange implements AutoCloseable {

    /** How long a server may take to finish the closing handshake by closing TCP (RFC 6455 §7.1.1). */
    private static final Duration TCP_CLOSE_GRACE = Duration.ofSeconds(2);

    private final WireConnection conn;
    private final Duration timeout;
    private boolean sentClose;
    /** A reaction read ahead by {@link #expectEchoThenClose} that the next expectation must see first. */
    private Received pushBack;
    /** The permessage-deflate agreement, or {@code null}: only then may the server set RSV1 (on a first frame). */
    private DeflateCodec deflate;
    /** The code of the last close frame the server sent ({@code -1}: none, or without a code). */
    private int lastCloseCode = -1;

    Exchange(WireConnection conn, Duration timeout) {
        this.conn = conn;
        this.timeout = timeout;
    }

    private Received next(Duration within) throws IOException {
        Received r = pushBack;
        pushBack = null;
        return r != null ? r : conn.next(within);
    }

    public WireConnection connection() {
        return conn;
    }

    public Exchange send(Frame... frames) throws IOException {
        for (Frame f : frames) {
            if (f.opcode() == Frame.CLOSE) {
                sentClose = true;
            }
            conn.send(f);
        }
        return this;
    }

    public Exchange sendText(String text) throws IOException {
        return send(Frame.text(text));
    }

    /** Uses the permessage-deflate agreement of the opening handshake (RFC 7692) for what follows. */
    Exchange useDeflate(DeflateCodec codec) {
        this.deflate = codec;
        return this;
    }

    /** The status code of the server's close frame judged last, {@code -1} if none. */
    int lastCloseCode() {
        return lastCloseCode;
    }

    DeflateCodec deflate() {
        return deflate;
    }

    /** Expects one whole data message, possibly fragmented, with exactly this type and payload. */
    public Outcome expectMessage(int opcode, byte[] payload) throws IOException {
        String what = Frame.opcodeName(opcode) + " echo of " + payload.length + " bytes";
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int type = -1;
        boolean compressed = false;
        while (true) {
            Received r = next(timeout);
            if (r instanceof Silence) {
                return Outcome.failed("nothing within " + timeout.toMillis() + " ms; expected " + what);
            }
            if (r instanceof End end) {
                return Outcome.failed(end.how() + "; expected " + what);
            }
            Frame f = ((Got) r).frame();
            String bad = malformed(f);
            if (bad != null) {
                return Outcome.failed(bad);
            }
            if (f.opcode() == Frame.PING) {
                conn.send(Frame.of(Frame.PONG, f.payload()));
                continue;
            }
            if (f.isControl()) {
                return Outcome.failed("got " + describe(f) + "; expected " + what);
            }
            if (type < 0 && f.opcode() == Frame.CONTINUATION || type >= 0 && f.opcode() != Frame.CONTINUATION) {
                return Outcome.failed("server broke fragmentation rules (RFC 6455 §5.4): " + f);
            }
            if (type < 0) {
                type = f.opcode();
                compressed = (f.rsv() & 0x4) != 0;
            }
            data.writeBytes(f.payload());
            if (f.fin()) {
                break;
            }
        }
        byte[] got = data.toByteArray();
        if (compressed) {
            try {
                got = deflate.inflate(got);
            } catch (java.util.zip.DataFormatException e) {
                return Outcome.failed("compressed " + Frame.opcodeName(type) + " message (" + got.length
                        + " bytes) does not inflate under " + deflate + ": " + e.getMessage());
            }
        }
        if (type != opcode) {
            return Outcome.failed("got a " + Frame.opcodeName(type) + " message; expected " + what);
        }
        if (!Arrays.equals(got, payload)) {
            int i = Arrays.mismatch(got, payload);
            return Outcome.failed("echo differs from what was sent: " + got.length + " bytes instead of "
                    + payload.length + ", first difference at byte " + i);
        }
        return Outcome.ok();
    }

    public Outcome expectText(String text) throws IOException {
        return expectMessage(Frame.TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Expects the echo of a message sent before a protocol violation, then the close: a server that fails the
     * connection before echoing the earlier, valid message is {@link Verdict#NON_STRICT} (Autobahn 3.2, 4.1.3).
     */
    public Outcome expectEchoThenClose(String text, int code) throws IOException {
        Received r = next(timeout);
        if (r instanceof Got got && got.frame().opcode() == Frame.CLOSE) {
            Outcome close = closeAfter(got.frame(), code);
            return close.isOk()
                    ? Outcome.nonStrict("closed with " + code + " without echoing the valid message sent before")
                    : close;
        }
        pushBack = r;
        return WireCase.steps(() -> expectText(text), () -> expectClose(code));
    }

    /** Expects a pong with exactly this payload (RFC 6455 §5.5.3). */
    public Outcome expectPong(byte[] payload) throws IOException {
        Received r = next(timeout);
        if (r instanceof Silence) {
            return Outcome.failed("no pong within " + timeout.toMillis() + " ms");
        }
        if (r instanceof End end) {
            return Outcome.failed(end.how() + "; expected a pong");
        }
        Frame f = ((Got) r).frame();
        String bad = malformed(f);
        if (bad != null) {
            return Outcome.failed(bad);
        }
        if (f.opcode() != Frame.PONG) {
            return Outcome.failed("got " + describe(f) + "; expected a pong");
        }
        if (!Arrays.equals(f.payload(), payload)) {
            return Outcome.failed("pong payload differs from the ping's: " + f.payload().length + " bytes instead of "
                    + payload.length);
        }
        return Outcome.ok();
    }

    /**
     * Expects the server to close with one of {@code codes} ({@code -1}: a close frame without a status code), then
     * completes the closing handshake and expects the server to close TCP. A TCP close without a close frame, or a
     * TCP connection left open afterwards, is {@link Verdict#NON_STRICT}.
     */
    public Outcome expectClose(int... codes) throws IOException {
        return expectClose(timeout, codes);
    }

    public Outcome expectClose(Duration within, int... codes) throws IOException {
        String what = "close " + IntStream.of(codes).mapToObj(c -> c < 0 ? "(no code)" : String.valueOf(c))
                .collect(Collectors.joining(" or "));
        Received r = next(within);
        if (r instanceof Silence) {
            return Outcome.failed("nothing within " + within.toMillis() + " ms; expected " + what);
        }
        if (r instanceof End end) {
            return Outcome.nonStrict(end.how() + " without a close frame; expected " + what);
        }
        return closeAfter(((Got) r).frame(), codes);
    }

    /** Judges {@code f}, expected to be a close with one of {@code codes}, and completes the closing handshake. */
    private Outcome closeAfter(Frame f, int... codes) throws IOException {
        String what = "close " + IntStream.of(codes).mapToObj(c -> c < 0 ? "(no code)" : String.valueOf(c))
                .collect(Collectors.joining(" or "));
        String bad = malformed(f);
        if (bad != null) {
            return Outcome.failed(bad);
        }
        if (f.opcode() != Frame.CLOSE) {
            return Outcome.failed("got " + describe(f) + "; expected " + what);
        }
        if (f.payload().length == 1) {
            return Outcome.failed("server close frame with a 1-byte payload (RFC 6455 §5.5.1)");
        }
        int code = f.closeCode();
        lastCloseCode = code;
        Outcome verdict = IntStream.of(codes).anyMatch(c -> c == code)
                ? Outcome.ok()
                : Outcome.failed("got " + describe(f) + "; expected " + what);
        if (!sentClose) {
            sentClose = true;
            try {
                conn.send(code < 0 ? Frame.of(Frame.CLOSE, new byte[0]) : Frame.close(code, new byte[0]));
            } catch (IOException e) {
                // The server may close TCP right after its close frame when it fails the connection (RFC 6455 §7.1.7).
            }
        }
        return verdict.then(expectTcpClose());
    }

    /** After the closing handshake the server closes TCP first (RFC 6455 §7.1.1). */
    private Outcome expectTcpClose() throws IOException {
        Received r = next(TCP_CLOSE_GRACE);
        if (r instanceof End) {
            return Outcome.ok();
        }
        if (r instanceof Silence) {
            return Outcome.nonStrict("TCP connection still open " + TCP_CLOSE_GRACE.toMillis()
                    + " ms after the closing handshake");
        }
        return Outcome.failed("frame after the close frame: " + ((Got) r).frame());
    }

    /** Ends a case cleanly: a normal close, echoed by the server. */
    public Outcome closeNormally() throws IOException {
        send(Frame.close(1000, new byte[0]));
        return expectClose(1000);
    }

    /**
     * Whether the server stays silent for {@code window}; if it does not, what it sent stays for the next
     * expectation to judge.
     */
    public boolean silentFor(Duration window) throws IOException {
        Received r = next(window);
        if (r instanceof Silence) {
            return true;
        }
        pushBack = r;
        return false;
    }

    /** Expects no frame at all for {@code quiet}: what a server must do with e.g. an unsolicited pong. */
    public Outcome expectNothing(Duration quiet) throws IOException {
        Received r = next(quiet);
        if (r instanceof Silence) {
            return Outcome.ok();
        }
        if (r instanceof End end) {
            return Outcome.failed(end.how() + "; expected the connection to stay open");
        }
        return Outcome.failed("got " + describe(((Got) r).frame()) + "; expected nothing");
    }

    /** What RFC 6455 §5 (and RFC 7692 §6 for RSV1) forbids in a server frame, or {@code null}. */
    private String malformed(Frame f) {
        if (f.masked()) {
            return "server sent a masked frame (RFC 6455 §5.1): " + f;
        }
        boolean compressedStart = deflate != null && f.rsv() == 0x4
                && (f.opcode() == Frame.TEXT || f.opcode() == Frame.BINARY);
        if (f.rsv() != 0 && deflate != null && !compressedStart) {
            return "server set RSV1 other than on a message's first frame, or other reserved bits"
                    + " (RFC 7692 §6.1): " + f;
        }
        if (f.rsv() != 0 && !compressedStart) {
            return "server set reserved bits without an extension (RFC 6455 §5.2): " + f;
        }
        if (f.isControl() && (!f.fin() || f.payload().length > 125)) {
            return "server sent a fragmented or oversized control frame (RFC 6455 §5.5): " + f;
        }
        if (f.opcode() > Frame.BINARY && f.opcode() < Frame.CLOSE || f.opcode() > Frame.PONG) {
            return "server used a reserved opcode (RFC 6455 §5.2): " + f;
        }
        return null;
    }

    private static String describe(Frame f) {
        if (f.opcode() == Frame.CLOSE && f.payload().length > 2) {
            return f + " \"" + new String(f.payload(), 2, f.payload().length - 2, StandardCharsets.UTF_8) + "\"";
        }
        return f.toString();
    }

    @Override
    public void close() {
        conn.close();
    }
}
