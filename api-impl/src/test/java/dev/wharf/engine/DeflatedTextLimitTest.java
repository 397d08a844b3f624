package dev.wharf.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.wharf.engine.deflate.PerMessageDeflate;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A compressed text message whose inflated bytes hold bad UTF-8 before they pass the text limit fails with 1007
 * however the frame is split; one that is valid up to the limit fails with 1009. EngineFuzzTest found the first
 * case failing with 1009 when the frame arrived whole and 1007 when it arrived in pieces, and a frame that passes
 * the limit just before its corrupt part failing with 1007 whole and 1009 byte by byte.
 */
class DeflatedTextLimitTest {

    /** RSV1 text frame, unmasked (server to client): inflates to "H", 0xAB (a stray continuation byte), ... */
    private static final byte[] BAD_UTF8_FRAME = HexFormat.of().parseHex("c107f258cdc900984d");
    /** RSV1 text frame: inflates to "H", then a stored block with bad lengths (corrupt). */
    private static final byte[] CORRUPT_AFTER_ONE_BYTE_FRAME = HexFormat.of().parseHex("c107f200000038c907");
    /** RSV1 text frame: "Hello" compressed (RFC 7692 §7.2.3.1), 5 valid bytes. */
    private static final byte[] HELLO_FRAME = HexFormat.of().parseHex("c107f248cdc9c90700");

    @Test
    void badUtf8WithinTheLimitIs1007WholeAndByteByByte() {
        assertEquals(List.of("sent:close:1007", "failure:1007"), whole(BAD_UTF8_FRAME, 5),
                "RFC 6455 §8.1: the first bad byte fails the message, before the limit is reached");
        assertEquals(List.of("sent:close:1007", "failure:1007"), byteByByte(BAD_UTF8_FRAME, 5));
    }

    @Test
    void validTextPastTheLimitIs1009WholeAndByteByByte() {
        assertEquals(List.of("sent:close:1009", "failure:1009"), whole(HELLO_FRAME, 4), "RFC 6455 §10.4");
        assertEquals(List.of("sent:close:1009", "failure:1009"), byteByByte(HELLO_FRAME, 4));
        assertEquals(List.of("text:Hello"), whole(HELLO_FRAME, 5).subList(0, 1), "exactly the limit is accepted");
    }

    @Test
    void outputPastTheLimitBeforeCorruptDataIs1009WholeAndByteByByte() {
        // The "H" passes a limit of 0 before the corrupt block header is reached: the first fault in stream order.
        assertEquals(List.of("sent:close:1009", "failure:1009"), whole(CORRUPT_AFTER_ONE_BYTE_FRAME, 0));
        assertEquals(List.of("sent:close:1009", "failure:1009"), byteByByte(CORRUPT_AFTER_ONE_BYTE_FRAME, 0));
        // With room for the "H", the corruption is the fault.
        assertEquals(List.of("sent:close:1007", "failure:1007"), whole(CORRUPT_AFTER_ONE_BYTE_FRAME, 1));
        assertEquals(List.of("sent:close:1007", "failure:1007"), byteByByte(CORRUPT_AFTER_ONE_BYTE_FRAME, 1));
    }

    private static List<String> whole(byte[] frame, long maxText) {
        EventLog log = new EventLog(Role.CLIENT);
        engine(log, maxText).receive(ByteBuffer.wrap(frame));
        return log.events;
    }

    private static List<String> byteByByte(byte[] frame, long maxText) {
        EventLog log = new EventLog(Role.CLIENT);
        Engine engine = engine(log, maxText);
        for (byte b : frame) {
            engine.receive(ByteBuffer.wrap(new byte[] {b}));
        }
        return log.events;
    }

    private static Engine engine(EventLog log, long maxText) {
        EngineConfig config = EngineConfig.builder(Role.CLIENT).maxTextMessageSize(maxText)
                .extensions(List.of(new PerMessageDeflate(-1, true, true, 0))).build();
        return new Engine(config, log, log);
    }
}
