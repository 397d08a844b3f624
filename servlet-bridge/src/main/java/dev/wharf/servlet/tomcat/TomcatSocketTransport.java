package dev.wharf.servlet.tomcat;

import dev.wharf.servlet.DirectWrite;
import dev.wharf.servlet.PendingWrite;
import dev.wharf.servlet.ReadBuffers;
import dev.wharf.session.ReadGate;
import dev.wharf.session.Transport;
import dev.wharf.session.WebSocketSession;
import dev.wharf.session.WriteCallback;
import java.io.EOFException;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.tomcat.util.net.AbstractEndpoint.Handler.SocketState;
import org.apache.tomcat.util.net.NioChannel;
import org.apache.tomcat.util.net.SocketEvent;
import org.apache.tomcat.util.net.SocketWrapperBase;

/**
 * A session's bytes straight over Tomcat's socket wrapper (see {@link TomcatUpgradeHandler}), without the servlet
 * stream layers: non-blocking reads when Tomcat reports the socket readable, non-blocking writes resumed on Tomcat's
 * write event, and the socket closed the moment the session closes the transport (Tomcat's servlet {@code close()}
 * only marks the streams closed and leaves the socket to Tomcat's next event for it).
 *
 * <p>Threads: reads run in {@code upgradeDispatch(OPEN_READ)} on Tomcat's threads, which hold the wrapper's lock,
 * one at a time. Tomcat re-arms read interest when such a dispatch returns {@link SocketState#UPGRADED} and not when
 * it returns {@link SocketState#SUSPENDED}; so a paused session gets no read events, and {@link #resumeReading}
 * (from any thread) asks Tomcat for a new {@code OPEN_READ} dispatch instead of reading on the caller's thread.
 * Writes start on the sender's thread and go on in {@code upgradeDispatch(OPEN_WRITE)}. The reading thread runs the
 * session's callbacks itself (as Tomcat's own WebSocket does); a write it waits for, it finishes itself, waiting
 * for the socket on its own selector, since an {@code OPEN_WRITE} dispatch could not run while it holds the lock.
 *
 * <p>Closing: Tomcat recycles a closed socket's channel for the next connection, so the socket is closed only under
 * Tomcat's own lock on it (no dispatch runs meanwhile) and under the write lock (no write to Tomcat's wrapper is under
 * way), and nothing is read or written once it is closed. A write straight to the channel takes neither lock: it
 * goes to this connection's own {@code SocketChannel}, never recycled, so one that meets the close goes out before it
 * or fails.
 *
 * <p>Limits: one write at a time (the {@link Transport} contract). On a plain NIO connection a write goes straight to
 * the socket channel while Tomcat holds none of our bytes ({@link DirectWrite}: up to {@link DirectWrite#LIMIT} bytes
 * in one call, more in pieces of {@link DirectWrite#PIECE}), first without the {@link PendingWrite}, which only a
 * write the socket did not take whole needs; what the socket does not take, and every write on other connections,
 * goes Tomcat's way: each buffer is handed to Tomcat only when its previous one left Tomcat's socket buffer, so Tomcat
 * holds at most one buffer's unsent bytes. The read buffer is borrowed per read pass from {@link ReadBuffers}:
 * neither an idle connection nor Tomcat's idle threads hold one.
 */
final class TomcatSocketTransport implements Transport, ReadGate.Pass {

    /**
     * {@code SocketWrapperBase.getLock()}: a {@link Lock} in Tomcat 10.1, a {@link ReentrantLock} in 11, so it is
     * bound once by whichever return type this Tomcat has.
     */
    private static final MethodHandle GET_LOCK = getLock();

    private final SocketWrapperBase<?> socket;
    /** An NIO connector's socket, whose writability a thread can wait for on a selector of its own. */
    private final boolean nio;
    /** Tomcat's lock on the socket, held by every dispatch of its events. */
    private final Lock socketLock;
    private WebSocketSession session;
    private final ReadGate gate = new ReadGate(cause -> session.onInputEnd(cause));
    /**
     * The last read pass stopped because the socket had no more bytes (not because the session paused or input
     * ended): only then may Tomcat re-arm read interest. Touched by read dispatches only, which Tomcat serialises.
     */
    private boolean awaitingBytes;
    /**
     * The thread in one of this connection's dispatches (reading, writing, or opening the session), holding Tomcat's
     * lock on the socket: it runs the session's callbacks itself. A plain field, not a thread-local: only the thread
     * that set it compares it with itself, and a thread-local's set and remove per dispatch (an entry allocated each
     * time, the thread's map reshuffled) slowed the JDK's own per-thread lookups of every socket read and write.
     */
    private Thread dispatching;

    /**
     * A read of fewer bytes than asked for emptied the socket (see {@link #read}): on a plain NIO channel, which reads
     * the socket directly, not on TLS, whose channel may keep received bytes of its own that no read event announces.
     */
    private final boolean plainRead;
    /** The most a read hands over: Tomcat reads at most its own read buffer's capacity into ours. */
    private final int readLimit;

    private final PendingWrite pending = new PendingWrite();
    /**
     * A plain (not TLS) NIO connection's own socket channel, which small writes go to directly while Tomcat holds no
     * bytes of ours ({@link DirectWrite}); null for other connections. This object, unlike Tomcat's {@code NioChannel}
     * around it, is never recycled for another connection: once closed, a write to it fails, and goes nowhere else.
     */
    private final SocketChannel channel;
    /**
     * Whether Tomcat may hold bytes of ours not yet sent: set when a buffer goes Tomcat's way, cleared once Tomcat
     * reports its buffers empty. While clear, a write reads none of Tomcat's per-socket buffer state (its readiness
     * check and its copy were a tenth of a broadcasting Tomcat server's Java samples). Set under the write's lock;
     * read without it only when no write is under way ({@link #directNow}).
     */
    private boolean hostMayHold = true;
    private final PendingWrite.Output output = new Output();
    private final PendingWrite.Output ownWaitOutput = new OwnWaitOutput();
    /** The socket is to be closed, by the next dispatch if the closing thread could not take Tomcat's lock. */
    private volatile boolean closeRequested;
    /** Closed or destroyed: every write from now on fails the pending write's way, none goes to the channel. */
    private volatile boolean writesOver;
    /**
     * The write being handed to the pending write just filled the socket straight from {@link #write}: its first
     * attempt in {@link #writeDirect} is skipped (a second system call would find the socket full). Set by the writer
     * before the pending write's lock, cleared under it.
     */
    private boolean directJustFilled;

    TomcatSocketTransport(SocketWrapperBase<?> socket) {
        this.socket = socket;
        this.nio = socket.getSocket() instanceof NioChannel;
        // Exactly Tomcat's plain channel class: its TLS channel encrypts in buffers of its own.
        this.channel = nio && socket.getSocket().getClass() == NioChannel.class
                ? ((NioChannel) socket.getSocket()).getIOChannel() : null;
        this.plainRead = channel != null;
        this.readLimit = socket.getSocketBufferHandler().getReadBuffer().capacity();
        try {
            this.socketLock = (Lock) GET_LOCK.invokeExact(socket);
        } catch (Throwable t) {
            throw new IllegalStateException("Tomcat's socket lock is not reachable", t);
        }
    }

    private static MethodHandle getLock() {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodType asLock = MethodType.methodType(Lock.class, SocketWrapperBase.class);
        try {
            return lookup.findVirtual(SocketWrapperBase.class, "getLock", MethodType.methodType(ReentrantLock.class))
                    .asType(asLock);
        } catch (NoSuchMethodException e) {
            try {
                return lookup.findVirtual(SocketWrapperBase.class, "getLock", MethodType.methodType(Lock.class));
            } catch (ReflectiveOperationException again) {
                throw new ExceptionInInitializerError(again);
            }
        } catch (IllegalAccessException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Opens {@code session} over this transport: {@code onOpen} runs here, on Tomcat's upgrading thread. */
    void open(WebSocketSession session) {
        this.session = session;
        Thread outer = enterDispatch();
        try {
            session.open();
        } finally {
            dispatching = outer;
        }
    }

    /** Marks the calling thread as in one of this connection's dispatches; returns the mark to restore after it. */
    private Thread enterDispatch() {
        Thread outer = dispatching;
        dispatching = Thread.currentThread();
        return outer;
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    /** {@code OPEN_READ}: reads what the socket has while the session takes it. */
    SocketState readable() {
        if (!closeRequested) {
            awaitingBytes = false;
            Thread outer = enterDispatch();
            try {
                gate.run(this); // the read pass is this object's read(): nothing allocated per event
            } finally {
                dispatching = outer;
            }
        }
        return unchanged();
    }

    /**
     * What Tomcat should do with the socket after a dispatch: re-arm reading (the socket ran dry), leave it alone
     * (the session paused reading, or input is over), or clean up (closed, here if a close waits for this dispatch).
     */
    SocketState unchanged() {
        if (closeRequested) {
            closeNow();
        }
        if (socket.isClosed()) {
            return SocketState.CLOSED;
        }
        return awaitingBytes ? SocketState.UPGRADED : SocketState.SUSPENDED;
    }

    /**
     * One read pass ({@link ReadGate.Pass}), inside {@link #readable}: not for other callers. On a plain channel it
     * stops after a read that returned less than it could: that read took all the socket had, and Tomcat's own read
     * buffer is empty after it (Tomcat hands over what it buffered first, and reads the socket straight into ours
     * once that is empty). The read that would follow costs a system call to learn that nothing came; instead the
     * dispatch returns, Tomcat re-arms read interest, and bytes that arrived meanwhile (its selector reports a socket
     * that is readable when interest is re-armed) start the next dispatch.
     */
    @Override
    public void read() throws IOException {
        ByteBuffer buffer = ReadBuffers.take();
        boolean drained = false;
        try {
            while (gate.open()) {
                if (drained) {
                    awaitingBytes = true; // as if the next read had found nothing: Tomcat re-arms read interest
                    return;
                }
                buffer.clear();
                // What this read can return at most: a large buffer is filled from the channel itself once Tomcat's
                // read buffer is empty; otherwise Tomcat reads at most its own read buffer's capacity.
                int could = ReadBuffers.isLarge(buffer) ? buffer.remaining() : Math.min(buffer.remaining(), readLimit);
                int n;
                try {
                    n = readInto(buffer);
                } catch (EOFException e) {
                    n = -1; // Tomcat's NIO connector reports the end of the stream this way
                }
                if (n < 0) {
                    gate.end(null);
                    return;
                }
                if (n == 0) {
                    awaitingBytes = true;
                    return;
                }
                session.onBytes(buffer.flip());
                drained = plainRead && n < could;
                buffer = ReadBuffers.forNextRead(buffer, session.payloadAwaited());
            }
        } finally {
            ReadBuffers.giveBack(buffer);
        }
    }

    /**
     * One read. Tomcat's own read stops at the size of its socket read buffer ({@code socket.appReadBufSize}, 8 KiB:
     * 128 system calls per MiB); while a large frame arrives (the buffer is a large one) and that buffer is empty, a
     * plain connection is read straight from its channel, as Tomcat's read does itself for a buffer of its size. A
     * TLS channel decrypts only into its own buffers, so it is always read through Tomcat.
     */
    private int readInto(ByteBuffer buffer) throws IOException {
        if (ReadBuffers.isLarge(buffer) && socket.getSocket().getClass() == NioChannel.class
                && socket.getSocketBufferHandler().isReadBufferEmpty()) {
            return ((NioChannel) socket.getSocket()).read(buffer);
        }
        return socket.read(false, buffer);
    }

    @Override
    public void suspendReading() {
        gate.suspend();
    }

    @Override
    public void resumeReading() {
        if (gate.resume() && !socket.isClosed()) {
            // On Tomcat's thread and under its lock, like every read: never on the caller's.
            socket.processSocket(SocketEvent.OPEN_READ, true);
        }
    }

    /** The connection ended under us (Tomcat stopping, a disconnect, an error): input is over. */
    SocketState ended(Throwable cause) {
        gate.end(cause);
        pending.fail(() -> new IOException("the connection ended", cause));
        return SocketState.CLOSED;
    }

    /** Tomcat destroyed the handler: the connection is gone whatever state we thought it was in. */
    void destroyed() {
        writesOver = true;
        pending.close();
        pending.fail(() -> new IOException("connection destroyed by the servlet container"));
        gate.end(null);
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    /**
     * A write the socket takes at once goes straight to the channel ({@link #directNow}) with none of the pending
     * write's bookkeeping: no write is under way (the {@link Transport} contract), so nothing else hands Tomcat or the
     * channel bytes of ours meanwhile, and a waiting sender that finds no pending write waits for this one's callback
     * ({@code writeRestHere} returns false). Its two turns of the pending write's lock and the state it keeps for a
     * write that must wait were most of this transport's own cost per write in a broadcast, where nearly every
     * member's write goes out whole. What the socket does not take goes the pending write's way, as every write does
     * when Tomcat may hold bytes of ours.
     */
    @Override
    public void write(ByteBuffer[] buffers, WriteCallback callback) {
        if (directNow()) {
            boolean all;
            try {
                all = DirectWrite.write(channel, buffers, 0);
            } catch (IOException e) {
                callback.failed(e); // the channel is closed or broken: so would the pending write's attempt be
                return;
            }
            if (all) {
                callback.completed();
                return;
            }
            directJustFilled = true; // the socket is full: the pending write goes Tomcat's way without trying again
        }
        if (pending.start(buffers, callback)) {
            pending.drain(output);
        }
    }

    /**
     * Whether a write may go to the channel without the pending write: a plain NIO connection, Tomcat holding none of
     * our bytes (read without the write's lock: the previous write set it before its callback, which ordered this
     * write after it), the transport not closing (a closed one fails writes the pending write's way), and the thread
     * not interrupted (see {@link #writeDirect}).
     */
    private boolean directNow() {
        return channel != null && !hostMayHold && !writesOver && !Thread.currentThread().isInterrupted();
    }

    /** {@code OPEN_WRITE}: Tomcat's socket buffer has room again. */
    SocketState writable() {
        // A write's completion runs send handlers, which may send and wait: they hold this lock too.
        Thread outer = enterDispatch();
        try {
            pending.drain(output);
        } finally {
            dispatching = outer;
        }
        if (closeRequested) {
            closeNow();
        }
        // Tomcat does not re-arm reading after a write event, whatever is returned: reading stays as it was.
        return socket.isClosed() ? SocketState.CLOSED : SocketState.UPGRADED;
    }

    /**
     * Tomcat's socket as the pending write sees it: each buffer is handed over only when the previous one left
     * Tomcat's socket buffer; what the socket does not take now, Tomcat keeps (and the buffer is consumed).
     */
    private final class Output implements PendingWrite.Output {
        @Override
        public boolean ready() {
            // when not, Tomcat registered write interest: OPEN_WRITE goes on
            return !hostMayHold || socket.isReadyForWrite();
        }

        @Override
        public boolean writeAll(ByteBuffer[] buffers, int from) throws IOException {
            return writeDirect(buffers, from);
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            hostMayHold = true;
            socket.write(false, bytes);
        }

        @Override
        public boolean flushed() throws IOException {
            if (!hostMayHold) {
                return true;
            }
            if (socket.flush(false)) {
                socket.registerWriteInterest();
                return false; // still going out
            }
            hostMayHold = false;
            return true;
        }
    }

    /**
     * Sends a write straight to the socket channel ({@link DirectWrite}) when Tomcat holds no bytes of ours, which
     * would have to go first; what the socket does not take then goes Tomcat's way, which watches for room. Not on an
     * interrupted thread: the JDK would close the channel, where Tomcat's own write fails only the write.
     */
    private boolean writeDirect(ByteBuffer[] buffers, int from) throws IOException {
        if (channel == null || Thread.currentThread().isInterrupted()) {
            return false;
        }
        if (directJustFilled) {
            directJustFilled = false;
            return false;
        }
        if (hostMayHold) {
            if (socket.hasDataToWrite()) {
                return false;
            }
            hostMayHold = false;
        }
        return DirectWrite.write(channel, buffers, from);
    }

    /**
     * Yes, on NIO: a thread that waits for a write finishes it itself ({@link #writeRestHere}) rather than wait for an
     * {@code OPEN_WRITE} dispatch, which needs Tomcat's lock on the socket. A reader in our dispatch holds that lock
     * while it runs callbacks, so the dispatch could not run before its own send finished (it would wait for ever),
     * nor, for another thread's send, before the reader's callback returned (for ever, if that callback waits for
     * the other thread's peer).
     */
    @Override
    public boolean waiterMustWrite() {
        return nio;
    }

    /**
     * Tomcat's non-blocking writes, and between them a wait for the socket on this thread ({@link SocketWritableWait}):
     * no dispatch, and none of Tomcat's blocking-write state (after its timeout Tomcat refuses every later blocking
     * write, so our close frame could not follow the data as on the other transports).
     */
    @Override
    public boolean writeRestHere(long timeoutMs, BooleanSupplier stillWaiting) {
        long deadline = timeoutMs > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs) : 0;
        try (SocketWritableWait writable = new SocketWritableWait(socket, deadline, stillWaiting)) {
            return pending.drainHere(ownWaitOutput, writable);
        }
    }

    /**
     * {@link #output} for a thread that waits for the socket itself: ready once what Tomcat still holds went out, which
     * nobody else pushes meanwhile, and asking registers no interest with Tomcat's poller.
     */
    private final class OwnWaitOutput implements PendingWrite.Output {
        @Override
        public boolean ready() throws IOException {
            return flushed();
        }

        @Override
        public boolean writeAll(ByteBuffer[] buffers, int from) throws IOException {
            return writeDirect(buffers, from);
        }

        @Override
        public void write(ByteBuffer bytes) throws IOException {
            hostMayHold = true;
            socket.write(false, bytes);
        }

        @Override
        public boolean flushed() throws IOException {
            if (!hostMayHold) {
                return true;
            }
            if (socket.flush(false)) {
                return false;
            }
            hostMayHold = false;
            return true;
        }
    }

    // ---- closing ---------------------------------------------------------------------------------------------

    /**
     * Closes the socket now. The session calls this once its last frame is flushed; a write still pending here is
     * one the session gave up on (a peer that stopped reading), so it fails at once and its bytes are released, as
     * on the other transports, rather than holding the send budget until the close timeout.
     */
    @Override
    public void close() {
        gate.close(); // never touch Tomcat's input again, and report nothing
        closeSocket();
        pending.fail(() -> new IOException("connection closed"));
    }

    @Override
    public void abort() {
        gate.close();
        closeSocket();
        pending.fail(() -> new IOException("connection aborted"));
    }

    /**
     * Closes the socket under Tomcat's lock, now if this thread can take it (it is free, or this thread is in a
     * dispatch already), else in a dispatch of its own that Tomcat runs right after the current one: waiting for the
     * lock here could deadlock with a dispatch that waits for a lock of the session's this thread holds.
     */
    private void closeSocket() {
        writesOver = true;
        pending.close(); // no write starts any more
        closeRequested = true;
        if (socketLock.tryLock()) {
            try {
                closeNow();
            } finally {
                socketLock.unlock();
            }
        } else {
            socket.processSocket(SocketEvent.OPEN_READ, true);
        }
    }

    /** Under Tomcat's lock; then the write lock, so that no write is under way (lock order: Tomcat's, then ours). */
    private void closeNow() {
        pending.closeWith(socket::close); // idempotent in Tomcat
    }

    /**
     * Yes on Tomcat's thread in our dispatch, as Tomcat's own WebSocket runs endpoints: no hand-off to a callback
     * thread per read. It holds Tomcat's lock on the socket, so a send that cannot finish at once is not left to an
     * {@code OPEN_WRITE} dispatch (which needs that lock: it would wait for ever) but finished on this thread
     * ({@link #waiterMustWrite}); the session lends only so many host threads this way.
     */
    @Override
    public boolean readerMayRunCallbacks() {
        return nio && dispatching == Thread.currentThread();
    }
}
