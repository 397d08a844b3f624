package dev.wharf.tck.wire;

/** How a peer behaved in one case, in the Autobahn testsuite's terms. */
public enum Verdict {
    /** Exactly the expected behaviour: the exact echo, the exact close code, a clean closing handshake. */
    OK("OK"),
    /**
     * Acceptable but not the strictest behaviour: e.g. the TCP connection dropped without a close frame, the TCP
     * connection left open after the closing handshake, or invalid UTF-8 detected only at the end of the message.
     */
    NON_STRICT("NON-STRICT"),
    /** Wrong behaviour: a wrong close code, a wrong echo, a malformed server frame, or no reaction at all. */
    FAILED("FAILED");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The worse of two verdicts. */
    public Verdict and(Verdict other) {
        return compareTo(other) >= 0 ? this : other;
    }
}
