package dev.wharf.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class HandshakeRefusalTest {

    @Test
    @DisplayName("the reason is one line even when application text brings line breaks")
    void foldsLineBreaksOfTheReason() {
        HandshakeRefusal refusal = new HandshakeRefusal(500, "cannot create endpoint: first\r\nsecond\nthird\u2028end",
                Map.of());
        assertEquals("cannot create endpoint: first second third end", refusal.reason());
    }

    @Test
    @DisplayName("a reason without line breaks is kept as it is")
    void keepsAOneLineReason() {
        assertEquals("origin 'x' is not allowed", HandshakeRefusal.forbidden("origin 'x' is not allowed").reason());
    }
}
