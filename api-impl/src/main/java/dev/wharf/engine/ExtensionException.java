package dev.wharf.engine;

/**
 * A {@link MessageExtension} could not decode inbound data. The extension says what went wrong ({@link Kind}); the
 * close code that fails the connection comes from the engine's one failure table ({@link ProtocolFailure}), as for
 * every other violation.
 */
public final class ExtensionException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, as far as the close code is concerned. */
    public enum Kind {
        /** The data cannot be decoded (corrupt, or asks for something the negotiation excluded). */
        CORRUPT_DATA,
        /** The decoded message would pass its size limit. */
        TOO_BIG,
        /** The extension cannot decode any more (released by a close, say): our fault, not the peer's. */
        UNUSABLE
    }

    private final Kind kind;

    public ExtensionException(Kind kind, String reason) {
        super(reason);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** The code the connection fails with, from {@link ProtocolFailure}'s table. */
    public int closeCode() {
        return failure().closeCode;
    }

    ProtocolFailure failure() {
        return switch (kind) {
            case CORRUPT_DATA -> ProtocolFailure.CORRUPT_EXTENSION_DATA;
            case TOO_BIG -> ProtocolFailure.MESSAGE_TOO_BIG;
            case UNUSABLE -> ProtocolFailure.EXTENSION_UNUSABLE;
        };
    }
}
