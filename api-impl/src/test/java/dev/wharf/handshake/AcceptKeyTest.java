package dev.wharf.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AcceptKeyTest {

    @Test
    @DisplayName("RFC 6455 §1.3: dGhlIHNhbXBsZSBub25jZQ== answers s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    void computesTheRfcExampleAcceptValue() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.of("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    @DisplayName("RFC 6455 §1.3: leading and trailing whitespace of the key is ignored")
    void ignoresSurroundingWhitespace() {
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", AcceptKey.of(" dGhlIHNhbXBsZSBub25jZQ==\t"));
    }

    @Test
    @DisplayName("RFC 6455 §4.2.1 item 5: a key is base64 of exactly 16 bytes, padded")
    void recognisesSixteenByteNonces() {
        assertTrue(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ=="));
        assertTrue(AcceptKey.isValidKey(ClientHandshake.newKey()));
        assertFalse(AcceptKey.isValidKey(Base64.getEncoder().encodeToString(new byte[15])));
        assertFalse(AcceptKey.isValidKey(Base64.getEncoder().encodeToString(new byte[17])));
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZQ"), "RFC 6455 §4.3 requires the padding");
        assertFalse(AcceptKey.isValidKey("dGhlIHNhbXBsZSBub25jZ!=="));
        assertFalse(AcceptKey.isValidKey(""));
    }
}
