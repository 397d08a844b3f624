package dev.wharf.bench.server;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * A {@link FloorJettyServlet} connection after the 101: the floor's frames ({@link FloorFrames}) straight over
 * Jetty's {@link EndPoint}, as Wharf's Jetty transport runs its sessions (a pool thread per read, the connector's
 * idle timeout off), one write per read, and no reading while a write is pending. Buffers come from the
 * connector's pool for one read pass, so an idle connection holds {@link FloorConnection} and Jetty's own objects.
 */
final class FloorJettyConnection extends AbstractConnection
        implements Connection.UpgradeTo, FloorFrames.Output, Callback {

    private static final int READ_SIZE = 16 * 1024;

    private final FloorConnection state = new FloorConnection();
    private final ByteBufferPool pool;
    /** The replies of the current read, in write mode; pooled, held by the endpoint while a write is pending. */
    private RetainableByteBuffer replies;

    FloorJettyConnection(EndPoint endPoint, Executor executor, ByteBufferPool pool) {
        super(endPoint, executor);
        this.pool = pool;
    }

    /** Bytes the client sent right behind its handshake: parsed before anything is read. */
    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        if (buffer != null && buffer.hasRemaining()) {
            state.unparsed = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        getEndPoint().setIdleTimeout(0); // as Wharf's transport: the connector's 30 s would cut idle connections
        state.open = true;
        readAndAnswer();
    }

    @Override
    public void onFillable() {
        readAndAnswer();
    }

    /** Reads until the socket is dry, a write is pending or the connection closes; answers each read in one write. */
    private void readAndAnswer() {
        RetainableByteBuffer read = pool.acquire(READ_SIZE, false);
        try {
            ByteBuffer buffer = read.getByteBuffer();
            if (state.unparsed != null && !answer(state.unparsed)) {
                return;
            }
            while (!state.closing) {
                BufferUtil.clear(buffer); // flush mode, empty: Jetty fills after the limit
                int n = getEndPoint().fill(buffer);
                if (n < 0) {
                    getEndPoint().close();
                    return;
                }
                if (n == 0) {
                    fillInterested();
                    return;
                }
                if (state.unparsed != null) {
                    state.unparsed = FloorLoop.append(state.unparsed, buffer);
                }
                if (!answer(state.unparsed != null ? state.unparsed : buffer)) {
                    return;
                }
            }
            getEndPoint().close(); // RFC 6455 §7.1.1: the server closes TCP first, once its close frame is out
        } catch (IOException e) {
            getEndPoint().close(e);
        } finally {
            read.release();
        }
    }

    /**
     * Answers every whole frame of {@code bytes}, keeps the rest, and writes the answers: true if the write
     * completed at once, false if the endpoint took it over ({@link #succeeded} carries on).
     */
    private boolean answer(ByteBuffer bytes) throws IOException {
        while (FloorFrames.frame(state, bytes, this)) {
            // every complete frame of this read answered into replies
        }
        if (!bytes.hasRemaining() || state.closing) {
            state.unparsed = null;
        } else if (bytes != state.unparsed) {
            state.unparsed = ByteBuffer.allocate(bytes.remaining()).put(bytes).flip();
        }
        if (replies == null) {
            return true;
        }
        ByteBuffer out = replies.getByteBuffer().flip();
        if (getEndPoint().flush(out)) {
            releaseReplies();
            return true;
        }
        getEndPoint().write(this, out);
        return false;
    }

    /** The reply buffer, pooled on first use in a read, grown (copied into a larger one) when too small. */
    @Override
    public ByteBuffer room(int needed) {
        if (replies == null) {
            replies = pool.acquire(Math.max(READ_SIZE, needed), false);
            return replies.getByteBuffer().clear();
        }
        ByteBuffer held = replies.getByteBuffer();
        if (held.remaining() >= needed) {
            return held;
        }
        RetainableByteBuffer larger = pool.acquire(held.position() + needed, false);
        ByteBuffer grown = larger.getByteBuffer().clear().put(held.flip());
        replies.release();
        replies = larger;
        return grown;
    }

    private void releaseReplies() {
        replies.release();
        replies = null;
    }

    /** The pending write completed: reading resumes on this (pool) thread. */
    @Override
    public void succeeded() {
        releaseReplies();
        if (state.closing) {
            getEndPoint().close();
        } else {
            readAndAnswer();
        }
    }

    @Override
    public void failed(Throwable cause) {
        releaseReplies();
        getEndPoint().close(cause);
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        return false;
    }
}
