package dev.wharf.servlet.undertow;

import dev.wharf.servlet.DirectWrite;
import dev.wharf.servlet.PendingWrite;
import dev.wharf.servlet.ReadBuffers;
import dev.wharf.session.DeadlineTimer;
import dev.wharf.session.ReadGate;
import dev.wharf.session.Transport;
import dev.wharf.session.WebSocketSession;
import dev.wharf.session.WriteCallback;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.StreamConnection;
import org.xnio.XnioExecutor;
import org.xnio.XnioIoThread;
import org.xnio.conduits.ConduitStreamSinkChannel;
import org.xnio.conduits.ConduitStreamSourceChannel;

/**
 * A session's bytes straight over the XNIO connection Undertow hands over after the 101 (see
 * {@link UndertowHostUpgrade}), without the servlet stream layers: non-blocking reads into Wharf's own buffers (large
 * ones while a large frame arrives), gathered non-blocking writes, and the socket closed the moment the session closes
 * the transport.
 *
 * <p>Threads: every read runs in the source channel's read listener, on the connection's XNIO I/O thread, which
 * serves many connections and so never runs the session's callbacks ({@link #readerMayRunCallbacks}): they go to the
 * session's pool. Pausing is the channel's {@code suspendReads} (done by the read pass that sees the pause, on the I/O
 * thread); resuming, from any thread, is {@code wakeupReads}, which has the I/O thread call the read listener again:
 * no read ever runs on a foreign thread, which would queue on Undertow's selector and buffer pool. Writes start on the
 * sender's thread and go on in the sink channel's write listener on the I/O thread; write interest is asked for only
 * when the socket did not take everything.
 *
 * <p>Deadlines (idle timeout, send stall, close timeout, keep-alive): this transport is also the session's
 * {@link DeadlineTimer}, on the connection's I/O thread, which keeps XNIO's timer queue anyway: Wharf then runs no
 * timer thread of its own on Undertow, as Undertow's own WebSocket runs none.
 *
 * <p>Bytes the client sent right behind its handshake: Undertow pushes what it read past the request back into the
 * connection's source conduit, so the first read returns them.
 */
final class UndertowChannelTransport implements Transport, ReadGate.Pass, ChannelListener<Channel>, DeadlineTimer {

    private final StreamConnection connection;
    private final ConduitStreamSourceChannel source;
    private final ConduitStreamSinkChannel sink;
    private WebSocketSession session;
    private final ReadGate gate = new ReadGate(cause -> session.onInputEnd(cause));
    /** The source's reads are suspended by a pass that saw the pause. Touched on the I/O thread only. */
    private boolean readsSuspended;

    private final PendingWrite pending = new PendingWrite();
    private final PendingWrite.Output output = new Output();
    /**
     * The socket did not take all of a write: write interest is asked for, and nothing is written until the write
     * listener ran. Set under the pending write's lock, cleared by the listener before it drains.
     */
    private volatile boolean socketFull;

    UndertowChannelTransport(StreamConnection connection) {
        this.connection = connection;
        this.source = connection.getSourceChannel();
        this.sink = connection.getSinkChannel();
    }

    /** Opens {@code session} over this transport; {@code onOpen} goes to the session's pool if on an I/O thread. */
    void open(WebSocketSession session) {
        this.session = session;
        // This object listens to all three of XNIO's events (no listener object per connection for each).
        connection.getCloseSetter().set(this);
        source.getReadSetter().set(this);
        sink.getWriteSetter().set(this);
        session.open();
    }

    /**
     * XNIO's events, on the connection's I/O thread: the source is readable (or a resume woke it up), the sink takes
     * bytes again, or the connection closed (by us, or by Undertow shutting down: input and any write are over).
     */
    @Override
    public void handleEvent(Channel channel) {
        if (channel == source) {
            gate.run(this); // the read pass is this object's read(): nothing allocated per event
        } else if (channel == sink) {
            writable();
        } else {
            ended();
        }
    }

    /**
     * Has the I/O thread read what is there already (bytes sent behind the handshake, which no selector event
     * announces), then whenever the socket is readable.
     */
    void startReading() {
        source.wakeupReads();
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    /** One read pass ({@link ReadGate.Pass}), in the read listener on the I/O thread: not for other callers. */
    @Override
    public void read() throws IOException {
        ByteBuffer buffer = ReadBuffers.take();
        try {
            while (gate.open()) {
                buffer.clear();
                int n = source.read(buffer);
                if (n < 0) {
                    gate.end(null);
                    return;
                }
                if (n == 0) {
                    if (readsSuspended) {
                        readsSuspended = false; // resumed: this pass ran on the resume's wake-up
                        source.resumeReads();
                    }
                    return;
                }
                session.onBytes(buffer.flip());
                buffer = ReadBuffers.forNextRead(buffer, session.payloadAwaited());
            }
            // Paused (the selector would call us again and again for bytes we do not take; also after a resume's
            // wake-up, which resumed reads). Not once the connection is closed, nearly always the case here at the
            // end of every connection (the close frame was just read): XNIO's suspend on a cancelled key throws and
            // catches an exception, whose stack trace was 6 % of the bytes a server allocated per handshake.
            if (!pending.isClosed()) {
                readsSuspended = true;
                source.suspendReads();
            }
        } finally {
            ReadBuffers.giveBack(buffer);
        }
    }

    @Override
    public void suspendReading() {
        gate.suspend();
    }

    @Override
    public void resumeReading() {
        if (gate.resume()) {
            source.wakeupReads(); // the I/O thread reads, as every other time
        }
    }

    /** The connection closed under us (the peer, or Undertow): input is over, and any write with it. */
    private void ended() {
        pending.close();
        pending.fail(() -> new IOException("the connection closed"));
        gate.end(null);
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    @Override
    public void write(ByteBuffer[] buffers, WriteCallback callback) {
        if (pending.start(buffers, callback)) {
            pending.drain(output);
        }
    }

    /** The write listener, on the I/O thread: the socket takes bytes again. */
    private void writable() {
        sink.suspendWrites(); // asked for again below if this drain leaves bytes behind
        socketFull = false;
        pending.drain(output);
    }

    /**
     * The sink channel as the pending write sees it: a write of a few frames is copied once into the thread's direct
     * buffer and goes out in one call ({@link DirectWrite}), a larger one in pieces; whatever the socket does not
     * take waits for the write listener. Write interest is asked for only then.
     */
    private final class Output implements PendingWrite.Output {
        @Override
        public boolean ready() {
            return !socketFull;
        }

        @Override
        public boolean writeAll(ByteBuffer[] buffers, int from) throws IOException {
            if (DirectWrite.write(sink, buffers, from)) {
                return true;
            }
            waitForRoom();
            return false;
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            sink.write(bytes);
            if (bytes.hasRemaining()) {
                waitForRoom();
            }
        }

        @Override
        public boolean flushed() throws IOException {
            if (sink.flush()) {
                return true;
            }
            waitForRoom();
            return false;
        }

        private void waitForRoom() {
            socketFull = true;
            sink.resumeWrites();
        }
    }

    // ---- closing ---------------------------------------------------------------------------------------------

    /**
     * Closes the socket now. The session calls this once its last frame is flushed; a write still pending here is
     * one the session gave up on (a peer that stopped reading), so it fails at once, as on the other transports.
     */
    @Override
    public void close() {
        gate.close(); // never touch the input again, and report nothing
        pending.closeWith(() -> IoUtils.safeClose(connection)); // no write is being handed to the socket meanwhile
        pending.fail(() -> new IOException("connection closed"));
    }

    @Override
    public void abort() {
        gate.close();
        pending.closeWith(() -> IoUtils.safeClose(connection));
        pending.fail(() -> new IOException("connection aborted"));
    }

    /**
     * Not on an XNIO I/O thread, which serves many connections: a callback that blocks there stalls all of them.
     * Yes on the worker that finished the handshake's response, where {@code onOpen} may then run as on the servlet
     * path. Reads always run on the I/O thread, so every message goes to the session's pool.
     */
    @Override
    public boolean readerMayRunCallbacks() {
        return !(Thread.currentThread() instanceof XnioIoThread);
    }

    /** This transport itself: no timer object per connection. */
    @Override
    public DeadlineTimer deadlineTimer() {
        return this;
    }

    /** On the connection's I/O thread, in XNIO's timer queue (millisecond resolution, as the idle timeouts need). */
    @Override
    public Object schedule(Runnable task, long delayMs) {
        try {
            return connection.getIoThread().executeAfter(task, Math.max(1, delayMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException exiting) { // Undertow is stopping: its shutdown ends the connection
            return null;
        }
    }

    @Override
    public void cancel(Object handle) {
        ((XnioExecutor.Key) handle).remove();
    }
}
