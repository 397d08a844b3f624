package dev.wharf.client;

import dev.wharf.session.ReadGate;
import dev.wharf.session.Transport;
import dev.wharf.session.WebSocketSession;
import dev.wharf.session.WriteCallback;
import java.io.EOFException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.RetainableByteBuffer;
import org.eclipse.jetty.util.Callback;

/**
 * A client session's bytes over the Jetty {@link EndPoint} that jetty-client hands over after a 101 response: the
 * {@link Transport} of a {@link WebSocketSession}, installed as the end point's {@link Connection} in place of the
 * HTTP one.
 *
 * <p>Reading: {@link EndPoint#fill} into a pooled buffer, released whenever the end point has nothing more, so an
 * idle connection holds no buffer; {@link #fillInterested()} to wait for more. Bytes that arrived with the 101
 * response are handed over by {@link #onUpgradeTo} and fed first. Input is held until the session has run
 * {@code onOpen} (its first {@link #resumeReading()}), which is also when {@link #opened()} completes. One read pass
 * at a time, paused and resumed by the session: the {@link ReadGate} every transport shares.
 *
 * <p>Threads: the read pass runs on a jetty-client I/O thread; writes go through
 * {@link EndPoint#write(Callback, ByteBuffer...)}, which never blocks.
 */
final class ClientConnection extends AbstractConnection implements Connection.UpgradeTo, Transport {

    private static final System.Logger LOG = System.getLogger(ClientConnection.class.getName());
    private static final int READ_BUFFER = 16 * 1024;

    private final ByteBufferPool bufferPool;
    private final boolean secure;
    private final CompletableFuture<Void> opened = new CompletableFuture<>();
    private volatile WebSocketSession session;

    /** Input waits until onOpen has run (the first resume), and while the endpoint is behind. */
    private final ReadGate gate = new ReadGate(this::inputEnded, true);
    /** Bytes that came with the 101 response; fed first, by the read pass. */
    private ByteBuffer early;

    ClientConnection(EndPoint endPoint, Executor executor, ByteBufferPool bufferPool, boolean secure) {
        super(endPoint, executor);
        this.bufferPool = bufferPool;
        this.secure = secure;
    }

    /** Binds the session; called once, before the session is opened. */
    void bind(WebSocketSession session) {
        this.session = session;
    }

    /** Completes when the session has run {@code onOpen} and reading has begun. */
    CompletableFuture<Void> opened() {
        return opened;
    }

    // ---- Jetty Connection ------------------------------------------------------------------------------------

    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        if (buffer != null && buffer.hasRemaining()) {
            ByteBuffer copy = ByteBuffer.allocate(buffer.remaining());
            copy.put(buffer).flip();
            early = copy;
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        // The session's idle timeout governs; the end point's would close a quiet but healthy connection.
        getEndPoint().setIdleTimeout(0);
    }

    @Override
    public void onFillable() {
        gate.run(this::readAvailable);
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        gate.end(cause);
        super.onFillInterestedFailed(cause);
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        return false; // the session runs its own idle timer and closes with 1001
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        gate.end(cause);
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    @Override
    public void suspendReading() {
        gate.suspend();
    }

    @Override
    public void resumeReading() {
        opened.complete(null);
        if (gate.resume()) {
            getExecutor().execute(() -> gate.run(this::readAvailable)); // not on the session's thread
        }
    }

    /**
     * The bytes that came with the 101 response first, then what the end point has while the gate is open; asks for
     * more when dry. The pooled buffer goes back when the pass ends, so an idle connection holds none.
     */
    private void readAvailable() throws IOException {
        if (early != null && gate.open()) {
            ByteBuffer first = early;
            early = null;
            session.onBytes(first);
        }
        RetainableByteBuffer buffer = null;
        try {
            while (gate.open()) {
                if (buffer == null) {
                    buffer = bufferPool.acquire(READ_BUFFER, false);
                }
                ByteBuffer bytes = buffer.getByteBuffer();
                bytes.clear().limit(0); // Jetty fills after the limit of a buffer in flush mode
                int n = getEndPoint().fill(bytes);
                if (n < 0) {
                    gate.end(null);
                    return;
                }
                if (n == 0) {
                    // A pass started by resumeReading may find the interest of an earlier pass still registered
                    // (Jetty allows one): that one calls onFillable, and a second would fail the connection.
                    if (!isFillInterested()) {
                        fillInterested();
                    }
                    return;
                }
                session.onBytes(bytes);
            }
        } finally {
            if (buffer != null) {
                buffer.release();
            }
        }
    }

    /** Told once by the gate: end of stream (null), or why input failed. */
    private void inputEnded(Throwable cause) {
        opened.complete(null);
        WebSocketSession s = session;
        if (s != null) {
            s.onInputEnd(cause instanceof EOFException ? null : cause);
        }
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    @Override
    public void write(ByteBuffer[] buffers, WriteCallback callback) {
        if (isEmpty(buffers)) {
            callback.completed(); // the session's flush marker: everything before it was written
            return;
        }
        try {
            getEndPoint().write(new Callback() {
                @Override
                public void succeeded() {
                    callback.completed();
                }

                @Override
                public void failed(Throwable x) {
                    callback.failed(x);
                }
            }, buffers);
        } catch (RuntimeException e) {
            callback.failed(e);
        }
    }

    private static boolean isEmpty(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        // Called once our close frame and everything before it were written.
        getEndPoint().close();
    }

    @Override
    public void abort() {
        LOG.log(Level.DEBUG, "aborting {0}", this);
        getEndPoint().close(new IOException("connection aborted"));
    }

    /** Whether the connection is encrypted (wss), for the session's {@code isSecure()}. */
    boolean isSecure() {
        return secure;
    }
}
