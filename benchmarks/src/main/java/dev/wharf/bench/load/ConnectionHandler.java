package dev.wharf.bench.load;

/** What a scenario does with a connection. Every method is called on the connection's {@link LoadLoop} thread. */
public interface ConnectionHandler {

    /** The handshake succeeded (status 101 and a correct {@code Sec-WebSocket-Accept}). */
    default void onOpen(ClientConnection connection) {}

    /**
     * A whole message (fragments joined). {@code data} is the connection's buffer, valid only during the call; its
     * first {@code length} bytes are the payload. Not called for the uncompressed messages of a connection that
     * streams them to a {@link PayloadSink} ({@link ClientConnection#streamPayloads}).
     */
    void onMessage(ClientConnection connection, boolean text, byte[] data, int length);

    /** The TCP connection is gone; {@code clean} if the closing handshake completed first. */
    default void onClosed(ClientConnection connection, boolean clean) {}

    /** Something went wrong: refused connection, bad handshake, protocol error, unexpected end of stream. */
    void onError(ClientConnection connection, String problem);
}
