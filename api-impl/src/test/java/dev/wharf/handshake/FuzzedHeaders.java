package dev.wharf.handshake;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import java.nio.charset.StandardCharsets;

/**
 * Header lines for the handshake fuzz tests: each line's name and value either one of the handshake's usual ones
 * (so that the fuzzer gets past the first checks at once) or fuzzed bytes read as ISO-8859-1, which is what servlet
 * containers make of header bytes.
 */
final class FuzzedHeaders {

    private static final String[] NAMES = {HeaderNames.UPGRADE, HeaderNames.CONNECTION, HeaderNames.SEC_WEBSOCKET_KEY,
        HeaderNames.SEC_WEBSOCKET_VERSION, HeaderNames.SEC_WEBSOCKET_PROTOCOL, HeaderNames.SEC_WEBSOCKET_EXTENSIONS,
        HeaderNames.SEC_WEBSOCKET_ACCEPT, HeaderNames.ORIGIN, "upgrade", "CONNECTION", "Host"};
    private static final String[] VALUES = {"websocket", "Upgrade", "keep-alive, Upgrade", "dGhlIHNhbXBsZSBub25jZQ==",
        "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", "13", "8, 13", "chat, superchat", "chat", "permessage-deflate",
        "permessage-deflate; client_max_window_bits", "permessage-deflate; server_no_context_takeover",
        "http://example.com", "", " websocket ", "WebSocket, h2c"};

    private FuzzedHeaders() {
    }

    static TestHeaders from(FuzzedDataProvider data, int maxLines) {
        TestHeaders headers = new TestHeaders();
        int lines = data.consumeInt(0, maxLines);
        for (int i = 0; i < lines; i++) {
            String name = data.consumeBoolean() ? data.pickValue(NAMES) : latin1(data, 30);
            String value = data.consumeBoolean() ? data.pickValue(VALUES) : latin1(data, 80);
            headers.add(name, value);
        }
        return headers;
    }

    static String latin1(FuzzedDataProvider data, int maxLength) {
        return new String(data.consumeBytes(data.consumeInt(0, maxLength)), StandardCharsets.ISO_8859_1);
    }
}
