package dev.wharf.servlet.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.wharf.servlet.hosts.Host;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;

@DisplayName("protocol violations fail the connection with the RFC 6455 §7.4.1 code")
class ProtocolViolationTest extends HostedTest {

    /** Reads the server's close frame, checks it is a proper server frame, answers it; returns its code. */
    private static int closeCodeAfter(RawWebSocket ws) throws Exception {
        RawWebSocket.Frame close = ws.readUntilClose();
        assertFalse(close.masked(), "RFC 6455 §5.1: server frames are not masked");
        int code = close.closeCode();
        try {
            ws.sendClose(code, "");
        } catch (java.io.IOException alreadyClosed) {
            // the server may drop the connection right after failing it
        }
        return code;
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.1] an unmasked client frame closes with 1002")
    void unmaskedFrameIs1002(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            ws.sendFrame(true, 0, RawWebSocket.TEXT, "hi".getBytes(StandardCharsets.UTF_8), false);
            assertEquals(1002, closeCodeAfter(ws));
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §8.1] invalid UTF-8 in a text message closes with 1007")
    void badUtf8Is1007(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            ws.send(RawWebSocket.TEXT, new byte[] {'o', 'k', (byte) 0xC3, 0x28});
            assertEquals(1007, closeCodeAfter(ws));
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §8.1] invalid UTF-8 split across fragments closes with 1007")
    void badUtf8InContinuationIs1007(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            ws.sendFrame(false, 0, RawWebSocket.TEXT, new byte[] {'a', (byte) 0xE2, (byte) 0x82}, true);
            ws.sendFrame(true, 0, RawWebSocket.CONTINUATION, new byte[] {'b'}, true);
            assertEquals(1007, closeCodeAfter(ws));
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.2] a reserved opcode (0x3) closes with 1002")
    void reservedOpcodeIs1002(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            ws.send(0x3, new byte[] {1});
            assertEquals(1002, closeCodeAfter(ws));
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.2] a reserved control opcode (0xB) closes with 1002")
    void reservedControlOpcodeIs1002(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            ws.send(0xB, new byte[0]);
            assertEquals(1002, closeCodeAfter(ws));
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.2] RSV1 set without a negotiated extension closes with 1002")
    void reservedBitIs1002(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            ws.sendFrame(true, 0b100, RawWebSocket.TEXT, "x".getBytes(StandardCharsets.UTF_8), true);
            assertEquals(1002, closeCodeAfter(ws));
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.5] a control frame with 126 bytes of payload closes with 1002")
    void oversizedControlFrameIs1002(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            ws.send(RawWebSocket.PING, new byte[126]);
            assertEquals(1002, closeCodeAfter(ws));
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.5] a fragmented control frame closes with 1002")
    void fragmentedControlFrameIs1002(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            ws.sendFrame(false, 0, RawWebSocket.PING, new byte[] {1}, true);
            assertEquals(1002, closeCodeAfter(ws));
        }
    }

    @HostTest
    @DisplayName("[RFC 6455 §5.4] a continuation frame with no message to continue closes with 1002")
    void orphanContinuationIs1002(Host host) throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(host.wsUri("/echo"))) {
            ws.sendFrame(true, 0, RawWebSocket.CONTINUATION, new byte[] {'x'}, true);
            assertEquals(1002, closeCodeAfter(ws));
        }
    }
}
