package dev.wharf.endpoint;

import jakarta.websocket.EncodeException;

import java.io.IOException;

/**
 * How a Wharf session sends the value an {@code @OnMessage} method returned. Unlike a call to the basic remote, the
 * session may leave the frame unwritten while more callbacks of the same turn wait to run, so that the replies to
 * the messages of one read go out in one write; it writes them, and waits for the network as a blocking send
 * would, before the turn ends. A failure that shows only then goes to the endpoint's error method, as the
 * {@code @OnMessage} javadoc asks of a failed return send.
 */
public interface ReturnValues {

    /** Sends {@code value} (a {@code String}, {@code ByteBuffer}, or an object for the session's encoders). */
    void sendReturnValue(Object value) throws IOException, EncodeException;
}
