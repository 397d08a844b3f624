package dev.wharf.session;

import jakarta.websocket.RemoteEndpoint;
import java.io.IOException;
import java.nio.ByteBuffer;

/** What blocking and asynchronous remotes share: pings, pongs and batching. */
abstract class RemoteBase implements RemoteEndpoint {

    final Outbound outbound;

    RemoteBase(Outbound outbound) {
        this.outbound = outbound;
    }

    @Override
    public void setBatchingAllowed(boolean allowed) throws IOException {
        outbound.batchingAllowed(allowed);
    }

    @Override
    public boolean getBatchingAllowed() {
        return outbound.batchingAllowed();
    }

    @Override
    public void flushBatch() throws IOException {
        outbound.flushBatch();
    }

    @Override
    public void sendPing(ByteBuffer applicationData) throws IOException {
        outbound.control(true, controlPayload(applicationData));
    }

    @Override
    public void sendPong(ByteBuffer applicationData) throws IOException {
        outbound.control(false, controlPayload(applicationData));
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
