package dev.wharf.engine;

/** RFC 6455 §5.2 / §11.8 opcodes. */
final class Opcode {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private Opcode() {
    }

    /** Control frames have the high bit of the opcode set (RFC 6455 §5.5). */
    static boolean isControl(int opcode) {
        return (opcode & 0x8) != 0;
    }

    /** 3-7 and 0xB-0xF are reserved for future use; no extension of ours defines them. */
    static boolean isReserved(int opcode) {
        return (opcode >= 0x3 && opcode <= 0x7) || opcode >= 0xB;
    }
}
