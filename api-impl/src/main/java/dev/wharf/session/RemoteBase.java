package dev.wharf.session;

import jakarta.websocket.RemoteEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;

/** What blocking and asynchronous remotes share: pings, pongs and batching. */
abstract class RemoteBase implements RemoteEndpoint {

    final WebSocketSession session;
    final Sender sender;

    RemoteBase(WebSocketSession session, Sender sender) {
        this.session = session;
        this.sender = sender;
    }

    @Override
    public void setBatchingAllowed(boolean allowed) throws IOException {
        session.batchingAllowed(allowed);
    }

    @Override
    public boolean getBatchingAllowed() {
        return session.batchingAllowed();
    }

    @Override
    public void flushBatch() throws IOException {
        session.flushBatch();
    }

    @Override
    public void sendPing(ByteBuffer applicationData) throws IOException {
        SendFuture sent = new SendFuture();
        sender.ping(controlPayload(applicationData), sent);
        sender.await(sent, session.services().defaults().blockingSendTimeoutMs());
    }

    @Override
    public void sendPong(ByteBuffer applicationData) throws IOException {
        SendFuture sent = new SendFuture();
        sender.pong(controlPayload(applicationData), sent);
        sender.await(sent, session.services().defaults().blockingSendTimeoutMs());
    }

    /** RFC 6455 §5.5: a control frame carries at most 125 bytes. A null payload means an empty one. */
    private static ByteBuffer controlPayload(ByteBuffer data) {
        if (data == null) {
            return ByteBuffer.allocate(0);
        }
        if (data.remaining() > 125) {
            throw new IllegalArgumentException("ping/pong payload is " + data.remaining()
                    + " bytes; RFC 6455 §5.5 allows at most 125");
        }
        return data;
    }

    static <T> T requireArgument(T value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
        return value;
    }
}
