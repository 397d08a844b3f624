package dev.wharf.servlet;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * The reading side of a transport: one read loop at a time (a loop never re-enters itself through the session),
 * paused and resumed by the session's backpressure, and the end of input reported exactly once.
 */
final class ReadGate {

    private static final System.Logger LOG = System.getLogger(ReadGate.class.getName());

    /** One pass of reading: feeds what is available now while {@link ReadGate#open()} says so. */
    @FunctionalInterface
    interface Pass {
        void read() throws IOException;
    }

    private final Consumer<Throwable> ended;
    private boolean suspended;
    private boolean reading;
    private boolean over;

    /** @param ended told once, with the cause or null, when input ends */
    ReadGate(Consumer<Throwable> ended) {
        this.ended = ended;
    }

    /** Runs a pass unless one is already running on this thread's stack; failures end the input. */
    synchronized void run(Pass pass) {
        if (reading) {
            return;
        }
        reading = true;
        try {
            pass.read();
        } catch (IOException e) {
            end(e);
        } catch (RuntimeException e) {
            // Not a network failure: the host or Wharf misbehaved; say so before dropping the connection.
            LOG.log(Level.WARNING, "reading a WebSocket connection failed; closing it", e);
            end(e);
        } finally {
            reading = false;
        }
    }

    /** Whether a pass may read on: not paused, input not over. Called by the pass, inside {@link #run}. */
    synchronized boolean open() {
        return !suspended && !over;
    }

    synchronized void suspend() {
        suspended = true;
    }

    /**
     * Lifts a pause. Returns true when the caller must start a pass itself; false when there was no pause (a
     * transport must not read from a foreign thread without one) or a pass is running and goes on by itself.
     */
    synchronized boolean resume() {
        if (!suspended) {
            return false;
        }
        suspended = false;
        return !reading;
    }

    /** Input ended (end of stream, failure, or the host gave up on the connection): reported once. */
    void end(Throwable cause) {
        synchronized (this) {
            if (over) {
                return;
            }
            over = true;
        }
        ended.accept(cause);
    }

    /** The connection is being closed by us: never touch the host's input again, and report nothing. */
    synchronized void close() {
        over = true;
    }
}
