package dev.wharf.engine;

import java.nio.ByteBuffer;

/**
 * Where the engine puts the frames it sends on its own: the pong answering a ping, the close frame replying to the
 * peer's close, and the close frame failing the connection. Called from the receiving thread.
 */
@FunctionalInterface
public interface ControlOutput {

    /**
     * Queues one encoded control frame. The buffers are written in order and belong to the implementation. A control
     * frame may go out between two fragments of a data message but never inside a frame.
     */
    void sendControl(ByteBuffer[] frame);
}
