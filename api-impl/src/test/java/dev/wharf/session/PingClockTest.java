package dev.wharf.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("PingClock: a pong echoing the latest ping's payload times one round trip (RFC 6455 §5.5.3)")
class PingClockTest {

    private final PingClock clock = new PingClock();

    @Test
    @DisplayName("the matching pong gives a round trip once; a second pong for the same ping gives none")
    void matchingPongOnce() {
        ByteBuffer ping = bytes("abc");
        clock.pingSent(ping);
        assertEquals(3, ping.remaining(), "the payload is not consumed");
        long rtt = clock.pongReceived(bytes("abc"));
        assertTrue(rtt >= 0, "timed: " + rtt);
        assertEquals(-1, clock.pongReceived(bytes("abc")));
    }

    @Test
    @DisplayName("an unsolicited pong, or one with another payload, gives none")
    void otherPongs() {
        assertEquals(-1, clock.pongReceived(bytes("")), "no ping sent yet");
        clock.pingSent(bytes("one"));
        assertEquals(-1, clock.pongReceived(bytes("two")));
        assertEquals(-1, clock.pongReceived(bytes("one ")));
        assertEquals(-1, clock.pongReceived(bytes("")));
        assertTrue(clock.pongReceived(bytes("one")) >= 0);
    }

    @Test
    @DisplayName("only the latest ping is timed: a pong to an older one gives none")
    void latestOnly() {
        clock.pingSent(bytes("first"));
        clock.pingSent(bytes("second"));
        assertEquals(-1, clock.pongReceived(bytes("first")));
        assertTrue(clock.pongReceived(bytes("second")) >= 0);
    }

    @Test
    @DisplayName("empty payloads match each other; each ping is timed once")
    void emptyPayloads() {
        clock.pingSent(ByteBuffer.allocate(0));
        assertTrue(clock.pongReceived(ByteBuffer.allocate(0)) >= 0);
        assertEquals(-1, clock.pongReceived(ByteBuffer.allocate(0)));
        clock.pingSent(ByteBuffer.allocate(0));
        assertTrue(clock.pongReceived(ByteBuffer.allocate(0)) >= 0);
    }

    @Test
    @DisplayName("the payload's position is respected: only the remaining bytes count")
    void slices() {
        ByteBuffer ping = bytes("xxtoken");
        ping.position(2);
        clock.pingSent(ping);
        assertTrue(clock.pongReceived(bytes("token")) >= 0);
    }

    private static ByteBuffer bytes(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }
}
