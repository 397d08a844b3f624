package dev.wharf.bench.load;

import java.nio.ByteBuffer;

/**
 * Takes the payload of a connection's uncompressed data messages piece by piece as it is read, instead of the
 * connection assembling each message into one array first (see {@link ClientConnection#streamPayloads}). A scenario
 * that only compares what comes back with what it sent needs no copy: for a 1 MiB echo, copying it out of the read
 * buffer cost the load generator about a twelfth of its CPU, on the cores the server uses. Called on the connection's
 * {@link LoadLoop} thread.
 */
public interface PayloadSink {

    /** A data message starts ({@code text}: opcode text, else binary). */
    void begin(boolean text);

    /**
     * The message's next {@code n} payload bytes: {@code in}'s bytes at indexes {@code [index, index + n)}. They are
     * valid only during the call; read them by absolute index and leave {@code in}'s position and limit alone.
     */
    void take(ByteBuffer in, int index, int n);

    /**
     * The message is complete ({@code length} payload bytes in all); for a streamed message this replaces {@link
     * ConnectionHandler#onMessage}.
     */
    void end(ClientConnection connection, int length);
}
