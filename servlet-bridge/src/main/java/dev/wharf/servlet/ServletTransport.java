package dev.wharf.servlet;

import dev.wharf.session.ReadGate;
import dev.wharf.session.Transport;
import dev.wharf.session.WebSocketSession;
import dev.wharf.session.WriteCallback;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.WebConnection;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Lock;

/**
 * A session's bytes over an upgraded servlet connection, with non-blocking servlet I/O only: reading in
 * {@link ReadListener#onDataAvailable()}, writing as far as {@code isReady()} allows and resuming in
 * {@link WriteListener#onWritePossible()}. No thread waits on the network.
 *
 * <p>The read buffer is borrowed per read loop from {@link ReadBuffers}, so an idle connection holds no buffer of
 * its own, and neither do the host's idle threads.
 */
final class ServletTransport implements Transport, ReadListener, WriteListener {

    private static final System.Logger LOG = System.getLogger(ServletTransport.class.getName());
    /** Payload bytes copied into one array per servlet write when a buffer has no array of its own. */
    private static final int COPY_CHUNK = 64 * 1024;

    private final WebConnection connection;
    private final ServletInputStream in;
    private final ServletOutputStream out;
    /**
     * Undertow 2.3's upgraded output stream can send the whole backing array of a write that covers only part of it,
     * and each of its writes is a system call: there, every write gets an array of its own, the small buffers of one
     * gathering write joined into one ({@link OneArrayPerWrite}).
     */
    private final boolean exactArraysOnly;
    private WebSocketSession session;

    private final ReadGate gate = new ReadGate(cause -> session.onInputEnd(cause));
    /** {@link #readAvailable}, made once: a method reference at each call allocated an object per read. */
    private final ReadGate.Pass readPass = this::readAvailable;
    /** Held by a read on a thread of ours where the host needs it ({@link HostReadLock}); null elsewhere. */
    private final Lock hostReadLock;
    /** Where a resumed read runs if the host has a thread of its own for it ({@link HostReadThread}); else null. */
    private final Executor hostReader;
    /** A read pass as a task for {@link #hostReader}, made once. */
    private final Runnable readTask = () -> gate.run(readPass);

    private final PendingWrite pending = new PendingWrite();
    private final PendingWrite.Output output = new Output();

    ServletTransport(WebConnection connection) throws IOException {
        this(connection, connection.getOutputStream().getClass().getName().startsWith("io.undertow."));
    }

    /** @param exactArraysOnly whether the host's output is Undertow's (tests pass it for a stand-in) */
    ServletTransport(WebConnection connection, boolean exactArraysOnly) throws IOException {
        this.connection = connection;
        this.in = connection.getInputStream();
        this.out = connection.getOutputStream();
        this.exactArraysOnly = exactArraysOnly;
        this.hostReadLock = HostReadLock.of(in);
        this.hostReader = hostReadLock == null ? HostReadThread.of(in) : null;
    }

    /** Registers the listeners; called on the container thread running {@code HttpUpgradeHandler.init}. */
    void start(WebSocketSession session) {
        this.session = session;
        in.setReadListener(this);
        out.setWriteListener(this);
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    @Override
    public void onDataAvailable() {
        gate.run(readPass);
    }

    @Override
    public void onAllDataRead() {
        gate.end(null);
    }

    @Override
    public void suspendReading() {
        gate.suspend();
    }

    @Override
    public void resumeReading() {
        if (!gate.resume()) {
            return;
        }
        if (hostReader != null) {
            try {
                hostReader.execute(readTask); // Undertow: its I/O thread reads, as it does every other time
                return;
            } catch (RejectedExecutionException stopping) {
                // the host's I/O thread is gone: read here, as where the host has none
            }
        }
        if (hostReadLock == null) {
            gate.run(readPass);
            return;
        }
        // Waits at most for the host's current event of this connection, which does not wait for us: our callbacks
        // run on the session's pool, never on the reader.
        hostReadLock.lock();
        try {
            gate.run(readPass);
        } finally {
            hostReadLock.unlock();
        }
    }

    /**
     * Reads while the container has bytes. Stops without asking {@code isReady()} when paused: the container then
     * owes us no callback, and {@link #resumeReading()} restarts reading itself.
     */
    private void readAvailable() throws IOException {
        ByteBuffer buffer = ReadBuffers.take();
        try {
            while (gate.open() && in.isReady()) {
                int n = in.read(buffer.array(), 0, buffer.capacity());
                if (n < 0) {
                    gate.end(null);
                    return;
                }
                if (n > 0) {
                    session.onBytes(buffer.clear().limit(n));
                }
            }
        } finally {
            ReadBuffers.giveBack(buffer);
        }
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    @Override
    public void write(ByteBuffer[] buffers, WriteCallback callback) {
        // Undertow makes a system call per servlet write: a gathering write must reach it as one array
        if (pending.start(exactArraysOnly ? OneArrayPerWrite.join(buffers) : buffers, callback)) {
            pending.drain(output);
        }
    }

    @Override
    public void onWritePossible() {
        pending.drain(output);
    }

    /** The servlet output stream as the pending write sees it: writes as far as {@code isReady()} allows. */
    private final class Output implements PendingWrite.Output {
        @Override
        public boolean ready() {
            return out.isReady();
        }

        @Override
        public void write(ByteBuffer b) throws IOException {
            writeSome(b);
        }

        /** Flushes once the container is ready for it; done once it is ready again (the flush went out). */
        @Override
        public boolean flushed() throws IOException {
            if (!out.isReady()) {
                return false;
            }
            out.flush();
            return out.isReady();
        }
    }

    private void writeSome(ByteBuffer b) throws IOException {
        if (b.hasArray() && (!exactArraysOnly
                || (b.arrayOffset() + b.position() == 0 && b.remaining() == b.array().length))) {
            out.write(b.array(), b.arrayOffset() + b.position(), b.remaining());
            b.position(b.limit());
        } else {
            byte[] chunk = new byte[Math.min(COPY_CHUNK, b.remaining())];
            b.get(chunk);
            out.write(chunk);
        }
    }

    @Override
    public void onError(Throwable t) {
        ConnectionAbort.writeFailed(connection);
        pending.fail(t);
        gate.end(t);
    }

    // ---- closing ---------------------------------------------------------------------------------------------

    @Override
    public void close() {
        closeConnection(false);
    }

    @Override
    public void abort() {
        closeConnection(true);
    }

    /** @param abort drop what is unwritten rather than flush it (a peer that does not read would never take it) */
    private void closeConnection(boolean abort) {
        // Never touch the container's streams again: hosts recycle them for other connections once closed.
        gate.close();
        if (!pending.close()) {
            return;
        }
        pending.fail(() -> new IOException("connection closed"));
        if (abort) {
            ConnectionAbort.abort(connection);
            return;
        }
        try {
            connection.close();
        } catch (Exception e) {
            LOG.log(Level.DEBUG, "closing an upgraded connection failed", e);
        }

    }

    /** The container destroyed the upgrade handler: the connection is gone whatever state we thought it was in. */
    void destroyed() {
        pending.close();
        // The write in progress will never finish now: fail it, or its senders would wait for ever.
        pending.fail(() -> new IOException("connection destroyed by the servlet container"));
        gate.end(null);
    }
}
