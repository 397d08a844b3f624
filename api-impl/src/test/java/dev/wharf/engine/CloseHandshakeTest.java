package dev.wharf.engine;

import static dev.wharf.engine.Wire.clientFrame;
import static dev.wharf.engine.Wire.concat;
import static dev.wharf.engine.Wire.hex;
import static dev.wharf.engine.Wire.serverFrame;
import static dev.wharf.engine.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6455 §5.5.1 and §7: close frames, the closing handshake from either side, and the end of input. */
class CloseHandshakeTest {

    private static byte[] closePayload(int code, String reason) {
        return concat(ByteBuffer.allocate(2).putShort((short) code).array(), utf8(reason));
    }

    @Test
    @DisplayName("RFC 6455 §5.5.1: a close payload of one byte fails with 1002")
    void rejectsOneByteClosePayloadWith1002() {
        FramingFailureTest.assertFails(Role.CLIENT, serverFrame(0x88, hex("03")), 1002);
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
    @DisplayName("RFC 6455 §7.4: codes that may not be sent fail with 1002")
    void rejectsInvalidCloseCodesWith1002(int code) {
        FramingFailureTest.assertFails(Role.CLIENT, serverFrame(0x88, closePayload(code, "")), 1002);
    }

    @ParameterizedTest(name = "code {0}")
    @ValueSource(ints = {1000, 1001, 1002, 1003, 1007, 1011, 1012, 1013, 1014, 3000, 4999})
    @DisplayName("RFC 6455 §7.4: valid codes are accepted and echoed")
    void acceptsAndEchoesValidCloseCodes(int code) {
        Recorder r = new Recorder();
        Wire.feed(Wire.engine(Role.CLIENT, r), serverFrame(0x88, closePayload(code, "bye")));
        assertEquals(List.of("close:" + code + ":bye"), r.events);
        assertEquals(code, Wire.closeCodeOf(r.controlFrames.get(0)));
    }

    @Test
    @DisplayName("RFC 6455 §5.5.1: a close reason that is not UTF-8 fails with 1007")
    void rejectsInvalidUtf8CloseReasonWith1007() {
        FramingFailureTest.assertFails(Role.CLIENT, serverFrame(0x88, concat(hex("03 e8"), hex("ed a0 80"))), 1007);
    }

    @Test
    @DisplayName("RFC 6455 §7.1.5: peer closes first: the engine echoes the code, then reports; state CLOSED")
    void peerInitiatedCloseIsEchoed() {
        Recorder r = new Recorder();
        Engine server = Wire.engine(Role.SERVER, r);
        Wire.feedBytewise(server, clientFrame(0x88, closePayload(1001, "going")));
        assertEquals(List.of("sent:880203e9", "close:1001:going"), r.timeline);
        assertEquals(CloseState.CLOSED, server.closeState());
        assertTrue(server.isCloseSent());
        assertTrue(server.isCloseReceived());
        assertNull(server.encodeClose(1000, "late"), "exactly one close frame is ever sent");
    }

    @Test
    @DisplayName("RFC 6455 §5.5.1: with repliesToClose off the engine reports the close and waits for encodeClose")
    void closeReplyCanBeLeftToTheCaller() {
        Recorder r = new Recorder();
        Engine server = new Engine(EngineConfig.builder(Role.SERVER).repliesToClose(false).build(), r, r);
        Wire.feed(server, clientFrame(0x88, closePayload(1001, "going")));
        assertEquals(List.of("close:1001:going"), r.timeline, "nothing is sent by the engine itself");
        assertEquals(CloseState.CLOSING, server.closeState());
        // Data may still go out before the reply: the endpoint finishes what it was saying.
        server.encodeText("last", true);
        assertEquals(1001, Wire.closeCodeOf(concatFrame(server.encodeClose(1001, ""))));
        assertEquals(CloseState.CLOSED, server.closeState());
    }

    @Test
    @DisplayName("RFC 6455 §5.5: a close reason is cut to 123 UTF-8 bytes, never inside a character")
    void closeReasonsAreCutAtCharacterBoundaries() {
        assertEquals("", StatusCodes.fitReason(null));
        assertEquals("short", StatusCodes.fitReason("short"));
        assertEquals("a".repeat(123), StatusCodes.fitReason("a".repeat(200)));
        // 122 ASCII bytes, then a 3-byte character that would end at byte 125: it is left out whole.
        String cut = StatusCodes.fitReason("a".repeat(122) + "\u20ac" + "tail");
        assertEquals("a".repeat(122), cut);
        // A 4-byte character (surrogate pair) fits exactly at bytes 120-123.
        String emoji = "a".repeat(119) + "\uD83D\uDE00";
        assertEquals(emoji, StatusCodes.fitReason(emoji + "more"));
    }

    private static byte[] concatFrame(java.nio.ByteBuffer[] frame) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (java.nio.ByteBuffer b : frame) {
            byte[] bytes = new byte[b.remaining()];
            b.duplicate().get(bytes);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }

    @Test
    @DisplayName("RFC 6455 §5.5.1: an empty close is echoed empty and reported as 1005")
    void emptyCloseIsEchoedEmptyAndReportedAs1005() {
        Recorder r = new Recorder();
        Wire.feed(Wire.engine(Role.SERVER, r), clientFrame(0x88, new byte[0]));
        assertEquals(List.of("sent:8800", "close:1005:"), r.timeline);
    }

    @Test
    @DisplayName("RFC 6455 §7: we close first: OPEN → CLOSING → CLOSED, no echo, data still delivered meanwhile")
    void localCloseThenPeerReply() {
        Recorder r = new Recorder();
        Engine server = Wire.engine(Role.SERVER, r);
        assertEquals(CloseState.OPEN, server.closeState());
        assertArrayEquals(hex("88 05 03 e8 62 79 65"), Wire.concat(server.encodeClose(1000, "bye")));
        assertEquals(CloseState.CLOSING, server.closeState());
        assertTrue(server.isCloseSent());
        assertFalse(server.isCloseReceived());
        Wire.feed(server, concat(clientFrame(0x81, utf8("in flight")), clientFrame(0x89, utf8("p")),
                clientFrame(0x88, closePayload(1000, ""))));
        assertEquals(List.of("text:in flight:true", "ping:70", "close:1000:"), r.events);
        assertEquals(List.of(), r.controlFrames, "no pong after our close, no second close");
        assertEquals(CloseState.CLOSED, server.closeState());
        assertThrows(IllegalStateException.class, () -> server.encodeText("x", true));
    }

    @Test
    @DisplayName("RFC 6455 §5.5.1: data and control frames after a received close are ignored")
    void ignoresFramesAfterReceivedClose() {
        Recorder r = new Recorder();
        Engine client = Wire.engine(Role.CLIENT, r);
        Wire.feed(client, concat(serverFrame(0x88, closePayload(1000, "")), serverFrame(0x81, utf8("x")),
                serverFrame(0x89, new byte[0]), hex("ff ff ff")));
        client.receiveEnd();
        assertEquals(List.of("close:1000:"), r.events);
        assertEquals(1, r.controlFrames.size());
    }

    @Test
    @DisplayName("RFC 6455 §7.1.5: end of input without a close frame reports 1006 exactly once")
    void receiveEndWithoutCloseReports1006Once() {
        Recorder r = new Recorder();
        Engine client = Wire.engine(Role.CLIENT, r);
        Wire.feed(client, serverFrame(0x01, utf8("half")));
        client.receiveEnd();
        client.receiveEnd();
        assertEquals(List.of("close:1006:connection ended without a close frame"), r.events);
        assertEquals(CloseState.CLOSED, client.closeState());
        Wire.feed(client, serverFrame(0x81, utf8("x")));
        assertEquals(1, r.events.size());
    }

    @Test
    @DisplayName("RFC 6455 §5.5.1: encodeClose(NO_STATUS) sends an empty close; invalid codes and long reasons are refused")
    void encodeCloseValidatesArguments() {
        Engine server = Wire.engine(Role.SERVER, new Recorder());
        assertThrows(IllegalArgumentException.class, () -> server.encodeClose(1006, null));
        assertThrows(IllegalArgumentException.class, () -> server.encodeClose(999, null));
        assertThrows(IllegalArgumentException.class, () -> server.encodeClose(1000, "x".repeat(124)));
        assertEquals(CloseState.OPEN, server.closeState(), "refused arguments change nothing");
        assertArrayEquals(hex("88 7d 03 e8"), java.util.Arrays.copyOf(Wire.concat(server.encodeClose(1000, "é".repeat(61) + "x")), 4));
        Engine other = Wire.engine(Role.SERVER, new Recorder());
        assertArrayEquals(hex("88 00"), Wire.concat(other.encodeClose(StatusCodes.NO_STATUS, null)));
    }

    @Test
    @DisplayName("RFC 6455 §7.1.7: a failure after our close sends no second close frame")
    void failureAfterLocalCloseSendsNothing() {
        Recorder r = new Recorder();
        Engine client = Wire.engine(Role.CLIENT, r);
        client.encodeClose(1000, null);
        Wire.feed(client, hex("83 00"));
        assertEquals(1002, r.failureCode());
        assertEquals(List.of(), r.controlFrames);
    }
}
