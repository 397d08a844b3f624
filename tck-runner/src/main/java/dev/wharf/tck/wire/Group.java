package dev.wharf.tck.wire;

/** The suite's case groups, after the Autobahn testsuite's categories. */
public enum Group {
    FRAMING("framing"),
    PING_PONG("ping/pong"),
    RESERVED_BITS("reserved bits"),
    OPCODES("opcodes"),
    FRAGMENTATION("fragmentation"),
    UTF8("UTF-8"),
    CLOSE("close"),
    LARGE_MESSAGES("large messages"),
    HANDSHAKE("handshake"),
    /** RFC 7692 permessage-deflate (Autobahn groups 12 and 13); see {@link CompressionCases}. */
    COMPRESSION("permessage-deflate");

    private final String title;

    Group(String title) {
        this.title = title;
    }

    public String title() {
        return title;
    }
}
