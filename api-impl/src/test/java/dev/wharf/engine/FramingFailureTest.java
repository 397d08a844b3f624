package dev.wharf.engine;

import static dev.wharf.engine.Wire.clientFrame;
import static dev.wharf.engine.Wire.concat;
import static dev.wharf.engine.Wire.hex;
import static dev.wharf.engine.Wire.serverFrame;
import static dev.wharf.engine.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Frame-level violations: each fails the connection with the exact code, sends a close frame carrying it, and
 * reports nothing afterwards. Inputs are fed one byte at a time as well as whole.
 */
class FramingFailureTest {

    /** Feeds {@code bytes} to a fresh {@code role} engine both whole and byte by byte; checks code, frame, silence. */
    static Recorder assertFails(Role role, byte[] bytes, int code) {
        Recorder bytewise = new Recorder();
        Engine e1 = Wire.engine(role, bytewise);
        Wire.feedBytewise(e1, bytes);
        Recorder whole = new Recorder();
        Engine e2 = Wire.engine(role, whole);
        Wire.feed(e2, bytes);
        for (Recorder r : List.of(bytewise, whole)) {
            assertEquals(code, r.failureCode(), () -> "events " + r.events);
            assertEquals(1, r.controlFrames.size(), "one close frame sent");
            assertEquals(code, Wire.closeCodeOf(r.controlFrames.get(0)), "the close frame carries the code");
        }
        assertEquals(CloseState.CLOSED, e2.closeState());
        // After a failure nothing more is reported or sent.
        int events = whole.events.size();
        Wire.feed(e2, Wire.frameTo(role, 0x81, utf8("late")));
        e2.receiveEnd();
        assertEquals(events, whole.events.size(), () -> "nothing after the failure: " + whole.events);
        assertEquals(1, whole.controlFrames.size());
        return whole;
    }

    @Test
    @DisplayName("RFC 6455 §5.1: a server rejects an unmasked client frame with 1002")
    void rejectsUnmaskedClientFrameWith1002() {
        Recorder r = assertFails(Role.SERVER, serverFrame(0x81, utf8("Hello")), 1002);
        assertEquals("failure:1002:unmasked client frame", r.events.get(0));
    }

    @Test
    @DisplayName("RFC 6455 §5.1: a client rejects a masked server frame with 1002")
    void rejectsMaskedServerFrameWith1002() {
        assertFails(Role.CLIENT, clientFrame(0x81, utf8("Hello")), 1002);
    }

    @ParameterizedTest(name = "reserved opcode {0}")
    @ValueSource(ints = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
    @DisplayName("RFC 6455 §5.2: reserved opcodes fail with 1002")
    void rejectsReservedOpcodesWith1002(int opcode) {
        assertFails(Role.CLIENT, serverFrame(0x80 | opcode, new byte[0]), 1002);
    }

    @ParameterizedTest(name = "RSV bits 0x{0}")
    @ValueSource(ints = {0x40, 0x20, 0x10, 0x70})
    @DisplayName("RFC 6455 §5.2: RSV bits without a negotiated extension fail with 1002")
    void rejectsReservedBitsWith1002(int rsv) {
        assertFails(Role.CLIENT, serverFrame(0x81 | rsv, utf8("x")), 1002);
    }

    @Test
    @DisplayName("RFC 6455 §5.2: a 64-bit length with its most significant bit set fails with 1002")
    void rejects64BitLengthWithTopBitWith1002() {
        assertFails(Role.CLIENT, hex("82 7f 80 00 00 00 00 00 00 00"), 1002);
    }

    @Test
    @DisplayName("RFC 6455 §5.2: a 16-bit length form carrying less than 126 fails with 1002")
    void rejectsNonMinimal16BitLengthWith1002() {
        assertFails(Role.CLIENT, concat(hex("82 7e 00 7d"), new byte[125]), 1002);
    }

    @Test
    @DisplayName("RFC 6455 §5.2: a 64-bit length form carrying less than 65536 fails with 1002")
    void rejectsNonMinimal64BitLengthWith1002() {
        assertFails(Role.CLIENT, concat(hex("82 7f 00 00 00 00 00 00 ff ff"), new byte[65535]), 1002);
    }

    @Test
    @DisplayName("RFC 6455 §5.5: a control frame over 125 bytes fails with 1002")
    void rejectsLongControlFrameWith1002() {
        assertFails(Role.CLIENT, serverFrame(0x89, new byte[126]), 1002);
    }

    @Test
    @DisplayName("RFC 6455 §5.5: a fragmented control frame (FIN clear) fails with 1002")
    void rejectsFragmentedControlFrameWith1002() {
        assertFails(Role.CLIENT, serverFrame(0x09, utf8("x")), 1002);
    }

    @Test
    @DisplayName("RFC 6455 §5.4: a continuation frame without a message in progress fails with 1002")
    void rejectsContinuationWithoutMessageWith1002() {
        assertFails(Role.CLIENT, serverFrame(0x80, utf8("x")), 1002);
    }

    @Test
    @DisplayName("RFC 6455 §5.4: a new TEXT frame while a message is open fails with 1002")
    void rejectsNewMessageInsideFragmentedMessageWith1002() {
        assertFails(Role.CLIENT, concat(serverFrame(0x01, utf8("a")), serverFrame(0x81, utf8("b"))), 1002);
        assertFails(Role.CLIENT, concat(serverFrame(0x02, utf8("a")), serverFrame(0x81, utf8("b"))), 1002);
    }

    @Test
    @DisplayName("RFC 6455 §5.4: control frames may arrive between fragments of a data message")
    void acceptsControlFramesBetweenFragments() {
        Recorder r = new Recorder();
        Engine client = Wire.engine(Role.CLIENT, r);
        Wire.feedBytewise(client, concat(serverFrame(0x01, utf8("Hel")), serverFrame(0x89, utf8("p")),
                serverFrame(0x8a, new byte[0]), serverFrame(0x80, utf8("lo"))));
        assertEquals(List.of("ping:70", "pong:", "text:Hello:true"), r.events);
        assertEquals(1, r.controlFrames.size(), "the pong answering the ping");
    }

    @Test
    @DisplayName("RFC 6455 §5.5.2-3: a ping is answered with the same payload before it is reported; unsolicited pongs are reported")
    void answersPingAndReportsPong() {
        Recorder r = new Recorder();
        Engine server = Wire.engine(Role.SERVER, r);
        Wire.feed(server, clientFrame(0x89, utf8("abc")));
        assertEquals(List.of("sent:8a03616263", "ping:616263"), r.timeline);
        Wire.feed(server, clientFrame(0x8a, utf8("u")));
        assertEquals("pong:75", r.last());
    }
}
