package dev.wharf.tck.wire;

import java.util.List;

/**
 * RFC 7692 permessage-deflate cases (Autobahn groups 12 and 13): the hook for when Wharf negotiates the extension.
 * Cases added here negotiate it with a {@code Sec-WebSocket-Extensions} offer through
 * {@link CaseContext#handshake} and use {@link Frame#withRsv} for RSV1; they appear as the
 * {@link Group#COMPRESSION} group of the summary.
 */
final class CompressionCases {

    private CompressionCases() {}

    static List<WireCase> cases() {
        return List.of();
    }
}
