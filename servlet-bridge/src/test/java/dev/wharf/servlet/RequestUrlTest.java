package dev.wharf.servlet;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Random;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A request URL is parsed lazily only where {@code java.net.URI} surely accepts it (issue #20). */
class RequestUrlTest {

    @Test
    @DisplayName("the usual handshake URLs are vouched for: no parse per handshake")
    void usualUrlsAreVouchedFor() {
        for (String url : new String[] {"ws://127.0.0.1:8080/echo", "wss://example.com/app/chat/room-1?user=a%20b&x=",
                "ws://localhost/", "ws://host:1", "ws://h/p;jsessionid=1?q=[1]&r=a/b?c", "ws://u@h:99999/~x"}) {
            assertTrue(RequestUrl.surelyParses(url), url);
            assertDoesNotThrow(() -> URI.create(url), url);
        }
    }

    @Test
    @DisplayName("what it cannot vouch for is parsed up front: brackets in a path, braces, spaces, broken escapes, IPv6")
    void doubtfulUrlsAreNot() {
        for (String url : new String[] {"ws://h/a[b]", "ws://h/{x}", "ws://h/a b", "ws://h/%zz", "ws://h/%2",
                "ws://[::1]:80/x", "ws://h/x#frag", "ws:///x", "http://h/x", "ws://h/caf\u00e9", "ws://h/a|b"}) {
            assertFalse(RequestUrl.surelyParses(url), url);
        }
    }

    @Test
    @DisplayName("property: every URL it vouches for is one URI.create accepts (200,000 random URLs)")
    void everyVouchedUrlParses() {
        String alphabet = "abcXYZ0189-_.!~*'()$,;:@&=+/?#[]%{}|\\^` \"<>\u00e9\t";
        Random random = new Random(20);
        int vouched = 0;
        for (int n = 0; n < 200_000; n++) {
            StringBuilder url = new StringBuilder(random.nextBoolean() ? "ws://" : "wss://");
            int length = random.nextInt(24);
            for (int i = 0; i < length; i++) {
                url.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = url.toString();
            if (RequestUrl.surelyParses(candidate)) {
                vouched++;
                assertDoesNotThrow(() -> URI.create(candidate), candidate);
            }
        }
        assertTrue(vouched > 1_000, "too few random URLs vouched for to test anything: " + vouched);
    }
}
