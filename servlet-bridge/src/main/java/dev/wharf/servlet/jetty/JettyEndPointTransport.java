package dev.wharf.servlet.jetty;

import dev.wharf.servlet.DirectWrite;
import dev.wharf.servlet.ReadBuffers;
import dev.wharf.session.ReadGate;
import dev.wharf.session.Transport;
import dev.wharf.session.WebSocketSession;
import dev.wharf.session.WriteCallback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;

/**
 * A session's bytes straight over Jetty's {@link EndPoint}, for Wharf inside Jetty 12.1 (see {@link JettyUpgrade}).
 * Jetty installs this connection on the socket once the 101 response is out, and hands over any bytes the client sent
 * right behind its handshake ({@link Connection.UpgradeTo}).
 *
 * <p>Writes: on a plain connection (Jetty's {@link SocketChannelEndPoint} itself, not TLS's or a proxy's endpoint) a
 * write goes straight to the socket channel through {@link DirectWrite}: up to {@link DirectWrite#LIMIT} bytes copied
 * once into the writing thread's direct buffer and sent in one call, more in pieces of at most
 * {@link DirectWrite#PIECE} from the frames themselves. Jetty's way ({@code EndPoint.write}, its {@code WriteFlusher}
 * and a gathering write of the heap frames) has the JDK copy each frame into a temporary direct buffer of its own.
 * What the socket does not take, and every write on other endpoints, goes Jetty's way, which waits for room.
 */
final class JettyEndPointTransport extends AbstractConnection implements Transport, Connection.UpgradeTo, Callback {

    /**
     * Pieces handed to Jetty from within a completion on this thread: Jetty completes a write the socket takes at
     * once before its write returns, so each such piece would nest a call deeper; past {@link #MAX_NESTED} Jetty gets
     * the whole rest.
     */
    private static final ThreadLocal<int[]> NESTED = ThreadLocal.withInitial(() -> new int[1]);
    private static final int MAX_NESTED = 8;

    private WebSocketSession session;
    /** Run once the session is open; dropped after, so nothing it holds lives as long as the connection. */
    private Runnable afterOpen;
    private ByteBuffer prefilled;

    private final ReadGate gate = new ReadGate(cause -> session.onInputEnd(cause));
    /** {@link #readAvailable}, made once: a method reference at each call allocated an object per read. */
    private final ReadGate.Pass readPass = this::readAvailable;
    /** The callback of the write in progress, set before the write, taken when it completes (on whichever thread). */
    private volatile WriteCallback pendingWrite;
    /**
     * The write whose next bytes Jetty's way is sending as a piece ({@link #write}), and that piece's length; null
     * when Jetty has the whole rest. Set before {@link #pendingWrite}, read after taking it.
     */
    private ByteBuffer[] rest;
    private int pieceLength;

    JettyEndPointTransport(EndPoint endPoint, Executor executor) {
        super(endPoint, executor);
    }

    void bind(WebSocketSession session, Runnable afterOpen) {
        this.session = session;
        this.afterOpen = afterOpen;
    }

    @Override
    public void onUpgradeTo(ByteBuffer buffer) {
        if (buffer != null && buffer.hasRemaining()) {
            prefilled = ByteBuffer.allocate(buffer.remaining()).put(buffer).flip();
        }
    }

    @Override
    public void onOpen() {
        super.onOpen();
        // Wharf runs its own idle timeout per session; the connector's must not cut WebSocket connections.
        getEndPoint().setIdleTimeout(0);
        session.open();
        Runnable opened = afterOpen;
        afterOpen = null;
        if (opened != null) {
            opened.run();
        }
        gate.run(readPass); // starts with the bytes Jetty handed over, then asks for more
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    @Override
    public void onFillable() {
        gate.run(readPass);
    }

    @Override
    public void onFillInterestedFailed(Throwable cause) {
        gate.end(cause);
    }

    @Override
    public void suspendReading() {
        gate.suspend();
    }

    @Override
    public void resumeReading() {
        if (gate.resume()) {
            gate.run(readPass);
        }
    }

    /** The bytes Jetty handed over with the connection first, then what the EndPoint has; asks for more when dry. */
    private void readAvailable() throws IOException {
        if (prefilled != null && gate.open()) {
            ByteBuffer first = prefilled;
            prefilled = null;
            session.onBytes(first);
        }
        ByteBuffer buffer = ReadBuffers.take();
        try {
            while (gate.open()) {
                buffer.clear().limit(0); // Jetty fills after the limit of a buffer in flush mode
                int n = getEndPoint().fill(buffer);
                if (n < 0) {
                    gate.end(null);
                    return;
                }
                if (n == 0) {
                    // A pass started by resumeReading on another thread may find the interest of an earlier pass
                    // still registered (Jetty allows one): that one calls onFillable, and a second would fail the
                    // connection.
                    if (!isFillInterested()) {
                        fillInterested();
                    }
                    return;
                }
                session.onBytes(buffer);
                buffer = ReadBuffers.forNextRead(buffer, session.payloadAwaited());
            }
        } finally {
            ReadBuffers.giveBack(buffer);
        }
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    /*
     * Writing past Jetty's WriteFlusher is safe because none of its writes is under way: the send queue has at most one
     * write outstanding, and the flusher is back to idle before it calls succeeded(), so a write started from our
     * callback finds it idle (jetty-io 12.1's WriteFlusher.write and completeWrite). After failed() it stays failed,
     * but only a broken or closed channel fails it, and a direct write fails there too. Nothing else of Jetty's writes
     * to the endpoint once the 101 is out and this connection took over. What its flush does besides the channel
     * write is skipped: notIdle() only stamps the time for the idle timeout, which onOpen disables; write interest is
     * registered only by a flush left incomplete, which here goes Jetty's way. Like Jetty's flush, the channel write
     * closes the channel if the writing thread is interrupted (the JDK's rule for interruptible channels).
     *
     * When the socket does not take a large write at once, Jetty's way gets only its next piece of at most
     * DirectWrite.LIMIT bytes, which it sends once the socket has room; its completion sends the rest straight again.
     * Given the whole rest, each attempt of Jetty's flush had the JDK copy all of it (up to a whole 1 MiB message)
     * into a temporary direct buffer, for the part the socket takes.
     */
    @Override
    public void write(ByteBuffer[] buffers, WriteCallback callback) {
        if (buffers.length == 0) {
            callback.completed();
            return;
        }
        EndPoint endPoint = getEndPoint();
        if (endPoint.getClass() == SocketChannelEndPoint.class) {
            boolean all;
            try {
                all = DirectWrite.write(((SocketChannelEndPoint) endPoint).getChannel(), buffers, 0);
            } catch (IOException e) {
                callback.failed(e); // as Jetty's flush would have: the channel is broken or closed
                return;
            }
            if (all) {
                // On this thread, before write returns, as Jetty's own write completes one the socket took at once:
                // the send queue goes on with its next write in its loop, not by recursing.
                callback.completed();
                return;
            }
            int[] nested = NESTED.get();
            if (nested[0] < MAX_NESTED) {
                ByteBuffer next = firstWithRemaining(buffers);
                ByteBuffer piece = next.slice(next.position(), Math.min(DirectWrite.LIMIT, next.remaining()));
                rest = buffers;
                pieceLength = piece.remaining();
                pendingWrite = callback;
                nested[0]++;
                try {
                    endPoint.write(this, piece); // completes in succeeded() or failed() below
                } finally {
                    nested[0]--;
                }
                return;
            }
        }
        rest = null;
        pendingWrite = callback;
        endPoint.write(this, buffers); // the rest; completes in succeeded() or failed() below
    }

    private static ByteBuffer firstWithRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return b;
            }
        }
        throw new IllegalStateException("a write left incomplete has bytes left");
    }

    // The connection is its own write callback (invocation type BLOCKING, Callback's default, as Callback.from gave),
    // so that a write allocates none: a broadcast makes one write per member per message. The send queue has at most
    // one write outstanding, whose callback waits in pendingWrite.

    @Override
    public void succeeded() {
        WriteCallback callback = takePendingWrite();
        if (callback == null) {
            return;
        }
        ByteBuffer[] buffers = rest;
        if (buffers != null) {
            rest = null;
            ByteBuffer sent = firstWithRemaining(buffers);
            sent.position(sent.position() + pieceLength);
            write(buffers, callback); // the rest of the same write: completes it, or hands Jetty the next piece
            return;
        }
        callback.completed(); // may start the next write, which sets pendingWrite again
    }

    @Override
    public void failed(Throwable cause) {
        WriteCallback callback = takePendingWrite();
        if (callback != null) {
            rest = null;
            callback.failed(cause);
        }
    }

    private WriteCallback takePendingWrite() {
        WriteCallback callback = pendingWrite;
        pendingWrite = null;
        return callback;
    }

    // ---- closing ---------------------------------------------------------------------------------------------

    @Override
    public void close() {
        getEndPoint().close();
    }

    @Override
    public void abort() {
        getEndPoint().close(new Aborted());
    }

    @Override
    public void onClose(Throwable cause) {
        super.onClose(cause);
        gate.end(cause);
    }

    @Override
    public boolean onIdleExpired(TimeoutException timeout) {
        return false;
    }

    /**
     * Jetty runs {@link #onFillable} on a pool thread (the fill callback is a blocking task), and completes writes
     * from its selector, so a callback blocked in a send on the reading thread is woken by another: as in Jetty's
     * own WebSocket implementation, the endpoint runs right where its bytes were read. Not on a thread Jetty marked
     * as running a non-blocking task (which may be its selector): {@link #onOpen} could be reached from one.
     */
    @Override
    public boolean readerMayRunCallbacks() {
        return !Invocable.isNonBlockingInvocation();
    }

    /**
     * Every connection is aborted once its input ended, closed cleanly or not; the cause only tells Jetty to drop
     * what is unwritten. No stack trace: filling one in would be most of the cost of the close. (One per call, not a
     * shared instance: Jetty may attach suppressed exceptions to it.)
     */
    private static final class Aborted extends IOException {
        private static final long serialVersionUID = 1L;

        Aborted() {
            super("WebSocket connection aborted");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
