package dev.wharf.session;

import java.io.IOException;

/**
 * What a send gets once the connection is gone. Made for every connection that closes, so it has no stack trace:
 * filling one in is most of the cost of a close, and where the reader noticed the end says nothing to a sender.
 */
final class ConnectionClosedException extends IOException {

    private static final long serialVersionUID = 1L;

    ConnectionClosedException(Throwable cause) {
        super("connection closed", cause);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
