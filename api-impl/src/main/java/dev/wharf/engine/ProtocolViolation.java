package dev.wharf.engine;

/**
 * Thrown inside the engine when input breaks the protocol or a limit; {@link Engine} turns it into a close frame and
 * {@link EngineListener#onFailure}. Carries no stack trace: it is control flow on hostile input, not a bug.
 */
final class ProtocolViolation extends Exception {

    private static final long serialVersionUID = 1L;

    final int closeCode;

    ProtocolViolation(int closeCode, String reason) {
        super(reason, null, false, false);
        this.closeCode = closeCode;
    }
}
