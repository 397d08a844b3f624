package dev.wharf.engine;

import static dev.wharf.engine.Wire.clientFrame;
import static dev.wharf.engine.Wire.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A fault inside the engine (or what it calls) is not the peer's doing: 1011, a generic reason, nothing more read. */
class UnexpectedFailureTest {

    /** Owns RSV1 and fails on every decode, as a buggy extension would. */
    private static final class BrokenExtension extends ExtensionSeamTest.XorExtension {
        @Override
        public ByteBuffer decode(ByteBuffer chunk, boolean last, long maxOutput) {
            throw new IllegalStateException("secret internal detail");
        }
    }

    @Test
    @DisplayName("RFC 6455 §7.4.1 / issue #19: a runtime exception in the engine fails the connection with 1011, no detail")
    void runtimeExceptionFailsWith1011() {
        Recorder r = new Recorder();
        Engine e = new Engine(EngineConfig.builder(Role.SERVER).extensions(List.of(new BrokenExtension())).build(),
                r, r);
        ByteBuffer in = ByteBuffer.wrap(Wire.concat(clientFrame(0x81 | 0x40, utf8("hi")), clientFrame(0x81, utf8("x"))));
        e.receive(in);
        assertEquals(List.of("failure:1011:" + Engine.INTERNAL_ERROR_REASON), r.events);
        assertEquals(0, in.remaining(), "the input is consumed");
        assertEquals(1, r.controlFrames.size());
        assertEquals(1011, Wire.closeCodeOf(r.controlFrames.get(0)));
        assertEquals(CloseState.CLOSED, e.closeState());
        // Later input is ignored: no second report, no second close frame.
        e.receive(ByteBuffer.wrap(clientFrame(0x81, utf8("more"))));
        assertEquals(1, r.events.size());
        assertEquals(1, r.controlFrames.size());
    }

    @Test
    @DisplayName("issue #19: a listener that throws while a message is delivered also ends in 1011, not a dropped connection")
    void throwingListenerFailsWith1011() {
        Recorder r = new Recorder();
        EngineListener throwing = new EngineListener() {
            @Override
            public void onText(String s, boolean last) {
                throw new UnsupportedOperationException("bug in the listener");
            }

            @Override
            public void onBinary(ByteBuffer data, boolean last) {
                r.onBinary(data, last);
            }

            @Override
            public void onPing(ByteBuffer payload) {
                r.onPing(payload);
            }

            @Override
            public void onPong(ByteBuffer payload) {
                r.onPong(payload);
            }

            @Override
            public void onClose(int code, String reason) {
                r.onClose(code, reason);
            }

            @Override
            public void onFailure(int code, String reason) {
                r.onFailure(code, reason);
            }
        };
        Engine e = new Engine(EngineConfig.builder(Role.SERVER).build(), throwing, r);
        e.receive(ByteBuffer.wrap(clientFrame(0x81, utf8("hi"))));
        assertEquals(List.of("failure:1011:" + Engine.INTERNAL_ERROR_REASON), r.events);
        assertEquals(1011, Wire.closeCodeOf(r.controlFrames.get(0)));
    }
}
