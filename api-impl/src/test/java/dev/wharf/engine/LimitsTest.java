package dev.wharf.engine;

import static dev.wharf.engine.Wire.concat;
import static dev.wharf.engine.Wire.hex;
import static dev.wharf.engine.Wire.serverFrame;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** RFC 6455 §10.4: frame and message size limits fail with 1009 from the header, before the payload is buffered. */
class LimitsTest {

    private static Engine client(Recorder r, long maxFrame, long maxText, long maxBinary) {
        return new Engine(EngineConfig.builder(Role.CLIENT).maxFrameSize(maxFrame).maxTextMessageSize(maxText)
                .maxBinaryMessageSize(maxBinary).build(), r, r);
    }

    @Test
    @DisplayName("RFC 6455 §10.4: a frame over the frame limit fails with 1009 from its header alone")
    void rejectsOversizedFrameFromHeaderWith1009() {
        Recorder r = new Recorder();
        Engine e = client(r, 1000, -1, -1);
        Wire.feedBytewise(e, hex("82 7e 03 e9")); // declares 1001 bytes; none of them fed
        assertEquals(List.of("failure:1009:frame of 1001 bytes exceeds 1000 bytes (limit)"), r.events);
        assertEquals(1009, Wire.closeCodeOf(r.controlFrames.get(0)));
    }

    @Test
    @DisplayName("RFC 6455 §10.4: a whole text message over its limit fails with 1009 when the fragment's header arrives")
    void rejectsOversizedTextMessageFromHeaderWith1009() {
        Recorder r = new Recorder();
        Engine e = client(r, -1, 10, -1);
        Wire.feed(e, serverFrame(0x01, "123456".getBytes()));
        Wire.feed(e, hex("80 05")); // 6 + 5 > 10, payload not yet fed
        assertEquals(List.of("failure:1009:text message of at least 11 bytes exceeds 10 bytes (limit)"), r.events);
        assertEquals(1009, Wire.closeCodeOf(r.controlFrames.get(0)));
    }

    @Test
    @DisplayName("RFC 6455 §10.4: a 64-bit length far over the binary limit fails with 1009 without allocating it")
    void rejectsHugeDeclaredBinaryMessageWith1009() {
        Recorder r = new Recorder();
        Engine e = client(r, -1, -1, 1 << 20);
        Wire.feed(e, hex("82 7f 00 00 00 7f ff ff ff ff"));
        assertEquals(1009, r.failureCode());
    }

    @Test
    @DisplayName("with no limits at all, a 2^63-1 byte declared length still fails cleanly with 1009 (no overflow)")
    void rejectsLengthNoArrayCanHoldWith1009() {
        Recorder r = new Recorder();
        Engine e = client(r, -1, -1, -1);
        Wire.feed(e, concat(serverFrame(0x02, new byte[10]), hex("80 7f 7f ff ff ff ff ff ff ff")));
        assertEquals(1009, r.failureCode());
    }

    @Test
    @DisplayName("messages at exactly the limit are accepted; the run-time limit applies from the next message")
    void acceptsMessageAtLimitAndAppliesNewLimitToNextMessage() {
        Recorder r = new Recorder();
        Engine e = client(r, -1, 4, 4);
        Wire.feed(e, concat(serverFrame(0x81, "abcd".getBytes()), serverFrame(0x02, new byte[2])));
        e.setMaxBinaryMessageSize(1); // the open message keeps its limit of 4
        Wire.feed(e, serverFrame(0x80, new byte[2]));
        assertEquals(List.of("text:abcd:true", "binary:00000000:true"), r.events);
        Wire.feed(e, serverFrame(0x82, new byte[2]));
        assertEquals(1009, r.failureCode());
    }

    @Test
    @DisplayName("partial delivery is not bounded by the whole-message limit, only by the frame limit")
    void partialModeIgnoresMessageLimit() {
        Recorder r = new Recorder();
        Engine e = client(r, 100, 4, 4);
        e.setPartialBinary(true);
        Wire.feed(e, concat(serverFrame(0x02, new byte[50]), serverFrame(0x80, new byte[50])));
        assertEquals(100, ((byte[]) r.messages.get(0)).length);
        assertEquals(List.of(), r.controlFrames);
    }

    @Test
    @DisplayName("Jakarta -1: negative limits mean unlimited")
    void negativeLimitIsUnlimited() {
        Recorder r = new Recorder();
        Engine e = client(r, -1, -1, -1);
        Wire.feed(e, serverFrame(0x82, new byte[3 << 20]));
        assertEquals(3 << 20, ((byte[]) r.messages.get(0)).length);
    }
}
