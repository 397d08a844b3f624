package dev.wharf.session;

import jakarta.websocket.EncodeException;
import jakarta.websocket.RemoteEndpoint;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;

/**
 * Blocking sends: each returns once its frame reached the network, or fails after the blocking send timeout.
 *
 * <p>While batching is allowed, a send returns as soon as its frame is held in the batch (as Tomcat and Jetty do):
 * waiting for the network would defeat the batch. A failure to write it is then reported by {@code flushBatch()}.
 */
final class BasicRemote extends RemoteBase implements RemoteEndpoint.Basic {

    BasicRemote(Outbound outbound) {
        super(outbound);
    }

    @Override
    public void sendText(String text) throws IOException {
        sendText(text, true, true);
    }

    @Override
    public void sendBinary(ByteBuffer data) throws IOException {
        sendBinary(data, true, true);
    }

    @Override
    public void sendText(String partialMessage, boolean isLast) throws IOException {
        sendText(partialMessage, isLast, false);
    }

    @Override
    public void sendBinary(ByteBuffer partialByte, boolean isLast) throws IOException {
        sendBinary(partialByte, isLast, false);
    }

    @Override
    public OutputStream getSendStream() {
        outbound.checkOpen();
        return new MessageOutputStream(this);
    }

    @Override
    public Writer getSendWriter() {
        outbound.checkOpen();
        return new MessageWriter(this);
    }

    @Override
    public void sendObject(Object data) throws IOException, EncodeException {
        Object encoded = outbound.encode(requireArgument(data, "data"));
        if (encoded instanceof String text) {
            sendText(text);
        } else {
            sendBinary((ByteBuffer) encoded);
        }
    }

    void sendText(String text, boolean last, boolean whole) throws IOException {
        SendFuture sent = new SendFuture();
        if (!outbound.data(true, requireArgument(text, "text"), last, whole, sent)) {
            outbound.awaitBlocking(sent);
        }
    }

    void sendBinary(ByteBuffer data, boolean last, boolean whole) throws IOException {
        SendFuture sent = new SendFuture();
        if (!outbound.data(false, requireArgument(data, "data"), last, whole, sent)) {
            outbound.awaitBlocking(sent);
        }
    }
}
