package dev.wharf.servlet;

import dev.wharf.session.WriteCallback;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The one write a transport has under way (the {@link dev.wharf.session.Transport} contract allows one), for hosts
 * whose output takes bytes only as far as it is ready and says when it is ready again: its buffers, how far it got,
 * its callback, and whether the connection still takes writes. The transport calls {@link #drain} when the write
 * starts and on each of the host's write events; the callback is completed (or failed) exactly once, outside the
 * lock, as it runs application handlers that may send again.
 *
 * <p>Public for the host-specific transports in {@code dev.wharf.servlet.tomcat}; not an API for applications.
 */
public final class PendingWrite {

    /** The host's output as a write sees it. Called under the write's lock, from {@link #drain} only. */
    public interface Output {
        /** Whether the host takes bytes now; when it does not, its next write event must call {@link #drain}. */
        boolean ready() throws IOException;

        /** Hands the host what it takes of {@code bytes}, consuming that much of it. Called only when ready. */
        void write(ByteBuffer bytes) throws IOException;

        /**
         * Writes {@code buffers[from..]} straight to the socket, past the host's own buffer, if the host holds none of
         * this connection's bytes and can (else writes nothing), consuming what went out. Called only when ready, and
         * at most once per {@link #drain}: what it leaves goes the host's way, through {@link #write}.
         *
         * @return true if all of them went out
         */
        default boolean writeAll(ByteBuffer[] buffers, int from) throws IOException {
            return false;
        }

        /**
         * After the last buffer was handed over: pushes the bytes out.
         *
         * @return true once all are out; false while they are still going out (a write event calls {@link #drain})
         */
        boolean flushed() throws IOException;
    }

    private final Object lock = new Object();
    private ByteBuffer[] buffers;
    private int index;
    private WriteCallback callback;
    private boolean closed;
    /** The thread writing the write itself ({@link #drainHere}); {@link #drain} leaves the write to it. */
    private Thread writingHere;

    /**
     * Takes a new write, unless the connection was closed: then the callback fails at once, with the lock released.
     *
     * @return whether the write was taken (the caller then calls {@link #drain})
     */
    public boolean start(ByteBuffer[] buffers, WriteCallback callback) {
        synchronized (lock) {
            if (!closed) {
                this.buffers = buffers;
                this.index = 0;
                this.callback = callback;
                this.writingHere = null; // the previous write is over, whoever wrote it
                return true;
            }
        }
        callback.failed(new IOException("connection closed"));
        return false;
    }

    /** Hands {@code output} what it takes now; completes the write once all of it is out, or fails it. */
    public void drain(Output output) {
        drain(output, null);
    }

    /**
     * {@link #drain} by {@code owner}, the thread writing the write itself ({@link #drainHere}), or by anyone when
     * null; a write another thread writes itself is left to it.
     *
     * @return true once the write is over (done, failed, or none under way); false while it waits for the host
     */
    private boolean drain(Output output, Thread owner) {
        WriteCallback done;
        Throwable failure = null;
        synchronized (lock) {
            if (callback == null) {
                return true;
            }
            if (writingHere != owner) {
                return owner != null; // left to the thread writing it; for the owner, no longer its write
            }
            try {
                if (closed) {
                    throw new IOException("connection closed");
                }
                boolean tried = false; // one direct attempt per drain; what it leaves goes the host's way
                while (index < buffers.length) {
                    ByteBuffer b = buffers[index];
                    if (!b.hasRemaining()) {
                        index++;
                        continue;
                    }
                    if (!output.ready()) {
                        return false; // the host's write event goes on
                    }
                    if (!tried) {
                        tried = true;
                        if (output.writeAll(buffers, index)) {
                            index = buffers.length;
                        }
                        continue;
                    }
                    output.write(b);
                }
                if (!output.flushed()) {
                    return false; // still going out
                }
            } catch (IOException | RuntimeException e) {
                failure = e;
            }
            done = callback;
            if (done == null) {
                // A host may report an error (or write readiness) from inside a write or flush on this thread, which
                // completed the write already (Tomcat 10.1 does so when the peer has gone); once is enough.
                return true;
            }
            callback = null;
            buffers = null;
            writingHere = null; // the next write, which the callback may start at once, is anyone's again
        }
        if (failure == null) {
            done.completed();
        } else {
            done.failed(failure);
        }
        return true;
    }

    /**
     * Writes the write under way on the calling thread until it is over: hands {@code output} what it takes and, in
     * between, waits with {@code writable} for the host to take more, instead of leaving the rest to a host write
     * event. For a thread that holds up the host's write events itself (see {@code Transport.waiterMustWrite}).
     * Meanwhile {@link #drain} from other threads leaves the write alone. If {@code writable} gives up, the write
     * stays under way and is drained once more as a host event would, which asks the host for the next one.
     *
     * @return false if there was no write to take, or another thread is writing it this way
     */
    public boolean drainHere(Output output, Writable writable) {
        Thread me = Thread.currentThread();
        synchronized (lock) {
            if (callback == null || writingHere != null) {
                return false;
            }
            writingHere = me;
        }
        boolean over;
        try {
            do {
                over = drain(output, me);
            } while (!over && writable.await());
        } finally {
            synchronized (lock) {
                if (writingHere == me) {
                    writingHere = null;
                }
            }
        }
        if (!over) {
            drain(output);
        }
        return true;
    }

    /** Waits until the host's connection may take more bytes. */
    public interface Writable {
        /** @return false if it gave up waiting (the time allowed ran out, or the connection is gone) */
        boolean await();
    }

    /** Fails the write under way, if any, with {@code cause}. */
    public void fail(Throwable cause) {
        fail(() -> cause);
    }

    /**
     * Fails the write under way, if any, with the exception {@code cause} makes, only then: every connection's end
     * calls this, nearly always with no write under way, and an exception's stack trace was 5 % of the bytes a
     * Tomcat server allocated per connection in churn (two per connection, at close and at destroy).
     */
    public void fail(java.util.function.Supplier<? extends Throwable> cause) {
        WriteCallback failed;
        synchronized (lock) {
            failed = callback;
            callback = null;
            buffers = null;
        }
        if (failed != null) {
            failed.failed(cause.get());
        }
    }

    /**
     * No write starts any more, and one under way stops at its next step (it fails there, or by {@link #fail}).
     *
     * @return false if it was closed already
     */
    public boolean close() {
        synchronized (lock) {
            boolean first = !closed;
            closed = true;
            return first;
        }
    }

    /**
     * {@link #close}, and {@code closing} run under the lock, so that no write is being handed to the host meanwhile
     * (Tomcat recycles a closed socket's channel for the next connection). Runs {@code closing} every time.
     */
    public void closeWith(Runnable closing) {
        synchronized (lock) {
            closed = true;
            closing.run();
        }
    }

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        synchronized (lock) {
            return closed;
        }
    }
}
