package dev.wharf.servlet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Frames for write-path tests: one buffer per ASCII string, so what reaches the wire reads back as text. */
public final class AsciiBuffers {

    private AsciiBuffers() {
    }

    public static ByteBuffer[] of(String... parts) {
        ByteBuffer[] buffers = new ByteBuffer[parts.length];
        for (int i = 0; i < parts.length; i++) {
            buffers[i] = ByteBuffer.wrap(parts[i].getBytes(StandardCharsets.US_ASCII));
        }
        return buffers;
    }
}
