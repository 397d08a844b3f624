package dev.wharf.handshake;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** A header double: lines added in order, looked up ignoring case, as a servlet request would. */
final class TestHeaders implements HeaderLookup {

    private final Map<String, List<String>> lines = new TreeMap<>();

    static TestHeaders of(String... namesAndValues) {
        TestHeaders headers = new TestHeaders();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.add(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    /** The RFC 6455 §1.3 client handshake. */
    static TestHeaders rfcExampleRequest() {
        return of(
                "Host", "server.example.com",
                "Upgrade", "websocket",
                "Connection", "Upgrade",
                "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==",
                "Origin", "http://example.com",
                "Sec-WebSocket-Protocol", "chat, superchat",
                "Sec-WebSocket-Version", "13");
    }

    TestHeaders add(String name, String value) {
        lines.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(value);
        return this;
    }

    TestHeaders remove(String name) {
        lines.remove(name.toLowerCase(Locale.ROOT));
        return this;
    }

    TestHeaders set(String name, String value) {
        return remove(name).add(name, value);
    }

    @Override
    public List<String> values(String name) {
        return List.copyOf(lines.getOrDefault(name.toLowerCase(Locale.ROOT), List.of()));
    }
}
