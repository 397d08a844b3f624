package dev.wharf.engine;

import java.nio.charset.StandardCharsets;

/** RFC 6455 §7.4 status codes, and which of them may appear in a close frame on the wire. */
public final class StatusCodes {
    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    public static final int UNSUPPORTED_DATA = 1003;
    /** Never on the wire: reported when a close frame carried no code. */
    public static final int NO_STATUS = 1005;
    /** Never on the wire: reported when the transport ended without a close frame. */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int POLICY_VIOLATION = 1008;
    public static final int TOO_BIG = 1009;
    public static final int MANDATORY_EXTENSION = 1010;
    public static final int INTERNAL_ERROR = 1011;
    public static final int SERVICE_RESTART = 1012;
    public static final int TRY_AGAIN_LATER = 1013;
    public static final int BAD_GATEWAY = 1014;
    /** Never on the wire: reported when the TLS handshake failed. */
    public static final int TLS_HANDSHAKE = 1015;

    private StatusCodes() {
    }

    /**
     * {@code reason} cut to the 123 UTF-8 bytes a close frame has room for (RFC 6455 §5.5), at a character boundary;
     * null becomes "".
     */
    public static String fitReason(String reason) {
        if (reason == null) {
            return "";
        }
        byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= CloseFrames.MAX_REASON_BYTES) {
            return reason;
        }
        int cut = CloseFrames.MAX_REASON_BYTES;
        while ((utf8[cut] & 0xC0) == 0x80) {
            cut--; // never split a character: back up to the first byte of the one that does not fit
        }
        return new String(utf8, 0, cut, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code code} may be sent or received in a close frame (RFC 6455 §7.4.1, §7.4.2 and the IANA
     * registry): 1000-1003, 1007-1014 and the application range 3000-4999.
     */
    public static boolean isValidOnWire(int code) {
        return (code >= 1000 && code <= 1003)
                || (code >= 1007 && code <= 1014)
                || (code >= 3000 && code <= 4999);
    }
}
