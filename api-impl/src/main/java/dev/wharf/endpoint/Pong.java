package dev.wharf.endpoint;

import jakarta.websocket.PongMessage;
import java.nio.ByteBuffer;

/** A received pong. The payload is copied: it is at most 125 bytes and the session may reuse its buffer. */
final class Pong implements PongMessage {

    private final ByteBuffer data;

    Pong(ByteBuffer applicationData) {
        ByteBuffer copy = ByteBuffer.allocate(applicationData.remaining());
        copy.put(applicationData.duplicate()).flip();
        this.data = copy.asReadOnlyBuffer();
    }

    @Override
    public ByteBuffer getApplicationData() {
        return data.duplicate(); // each caller reads from the start
    }

    @Override
    public String toString() {
        return "PongMessage[" + data.remaining() + " bytes]";
    }
}
