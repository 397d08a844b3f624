package dev.wharf.session;

import jakarta.websocket.EncodeException;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Future;

/**
 * Non-blocking sends. Every {@link SendHandler} and {@link Future} completes: with success once the frame reached the
 * network, or with the error (including the send timeout, the session closing before the frame went out, and an
 * encoder's failure, unchecked exceptions included). Only a null argument throws.
 */
final class AsyncRemote extends RemoteBase implements RemoteEndpoint.Async {

    AsyncRemote(Outbound outbound) {
        super(outbound);
    }

    /** The session's timers keep the timeout (from the container default when the session was made): they apply it. */
    @Override
    public long getSendTimeout() {
        return outbound.asyncSendTimeout();
    }

    @Override
    public void setSendTimeout(long timeoutMs) {
        outbound.asyncSendTimeout(timeoutMs);
    }

    @Override
    public void sendText(String text, SendHandler handler) {
        requireArgument(handler, "handler");
        send(true, requireArgument(text, "text"), handlerCompletion(handler));
    }

    @Override
    public Future<Void> sendText(String text) {
        SendFuture future = new SendFuture();
        send(true, requireArgument(text, "text"), future);
        return future;
    }

    @Override
    public Future<Void> sendBinary(ByteBuffer data) {
        SendFuture future = new SendFuture();
        send(false, requireArgument(data, "data"), future);
        return future;
    }

    @Override
    public void sendBinary(ByteBuffer data, SendHandler handler) {
        requireArgument(handler, "handler");
        send(false, requireArgument(data, "data"), handlerCompletion(handler));
    }

    @Override
    public Future<Void> sendObject(Object data) {
        SendFuture future = new SendFuture();
        sendObject(requireArgument(data, "data"), future);
        return future;
    }

    @Override
    public void sendObject(Object data, SendHandler handler) {
        requireArgument(handler, "handler");
        sendObject(requireArgument(data, "data"), handlerCompletion(handler));
    }

    private void sendObject(Object data, FrameCompletion completion) {
        Object encoded;
        try {
            encoded = outbound.encode(data);
        } catch (EncodeException e) {
            completion.done(e);
            return;
        }
        send(encoded instanceof String, encoded, completion);
    }

    private void send(boolean text, Object payload, FrameCompletion completion) {
        try {
            outbound.data(text, payload, true, true, completion);
        } catch (IOException | IllegalStateException e) {
            // A closed session, or this thread's own partial message still unfinished: reported like any failed
            // send, through the Future or SendHandler (RemoteEndpoint.Async declares no exception for either).
            completion.done(e);
        }
    }

    private FrameCompletion handlerCompletion(SendHandler handler) {
        return failure -> handler.onResult(failure == null
                ? SendResults.ok(outbound.session()) : SendResults.failed(outbound.session(), failure));
    }
}
