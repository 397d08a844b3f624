package dev.wharf.engine;

/** An {@link Extension} could not decode inbound data; the engine fails the connection with {@link #closeCode()}. */
public final class ExtensionException extends Exception {

    private static final long serialVersionUID = 1L;

    private final int closeCode;

    /** @param closeCode a code valid on the wire, typically {@link CloseCodes#INVALID_PAYLOAD} or 1002 */
    public ExtensionException(int closeCode, String reason) {
        super(reason);
        if (!CloseCodes.isValidOnWire(closeCode)) {
            throw new IllegalArgumentException("close code " + closeCode + " may not be sent");
        }
        this.closeCode = closeCode;
    }

    public int closeCode() {
        return closeCode;
    }
}
