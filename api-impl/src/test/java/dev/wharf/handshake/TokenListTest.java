package dev.wharf.handshake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TokenListTest {

    @Test
    @DisplayName("RFC 7230 §7: elements across lines, trimmed, empty elements skipped")
    void splitsAndTrimsAcrossLines() {
        assertEquals(List.of("keep-alive", "Upgrade", "x"), TokenList.elements(List.of(" keep-alive ,Upgrade", ", ,x,")));
    }

    @Test
    void containsIgnoresCase() {
        assertTrue(TokenList.containsIgnoreCase(List.of("keep-alive, UPGRADE"), "upgrade"));
        assertFalse(TokenList.containsIgnoreCase(List.of("keep-alive, upgraded"), "upgrade"));
        assertFalse(TokenList.containsIgnoreCase(List.of(), "upgrade"));
    }

    @Test
    @DisplayName("contains: elements on any line, trimmed of spaces and tabs, empty ones and partial matches not counted")
    void containsFindsElementsAcrossLinesAndWhitespace() {
        assertTrue(TokenList.containsIgnoreCase(List.of("keep-alive", " ,\tUpgrade\t, "), "upgrade"));
        assertTrue(TokenList.containsIgnoreCase(List.of("upgrade"), "upgrade"));
        assertTrue(TokenList.containsIgnoreCase(List.of(",,websocket"), "websocket"));
        assertFalse(TokenList.containsIgnoreCase(List.of("up grade", "upgrade2", ",", ""), "upgrade"));
        assertFalse(TokenList.containsIgnoreCase(List.of("xupgrade, upgradex"), "upgrade"));
    }

    @Test
    @DisplayName("RFC 6455 §4.1 item 10: Sec-WebSocket-Protocol is 1#token")
    void rejectsNonTokens() {
        assertEquals(List.of("chat", "superchat"), TokenList.tokens(List.of("chat", " superchat ")));
        assertThrows(IllegalArgumentException.class, () -> TokenList.tokens(List.of("chat, super chat")));
        assertThrows(IllegalArgumentException.class, () -> TokenList.tokens(List.of("a/b")));
        assertThrows(IllegalArgumentException.class, () -> TokenList.tokens(List.of(" , ")));
        assertEquals(List.of(), TokenList.tokens(List.of()));
    }
}
