package dev.wharf.session;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.function.Consumer;

/**
 * The reading side of a transport: one read loop at a time (a loop never re-enters itself through the session),
 * paused and resumed by the session's backpressure, and the end of input reported exactly once.
 *
 * <p>A transport's read pass checks {@link #open()} before each read and stops when it says no; the session's
 * {@link Transport#suspendReading()} and {@link Transport#resumeReading()} map to {@link #suspend()} and
 * {@link #resume()}. Shared by every transport: the servlet bridge's (servlet, Jetty-native, Tomcat-native) and the
 * client's. Public for them; not an API for applications.
 */
public final class ReadGate {

    private static final System.Logger LOG = System.getLogger(ReadGate.class.getName());

    /** One pass of reading: feeds what is available now while {@link ReadGate#open()} says so. */
    @FunctionalInterface
    public interface Pass {
        void read() throws IOException;
    }

    private final Consumer<Throwable> ended;
    private boolean suspended;
    private boolean over;
    /** The thread running a pass, or null. */
    private Thread reader;
    /** The running pass saw the pause and is stopping: a resume now must not be lost. */
    private boolean stopping;
    /** The running pass must go round once more: resumed as it stopped, or the host signalled more input. */
    private boolean again;

    /** @param ended told once, with the cause or null, when input ends */
    public ReadGate(Consumer<Throwable> ended) {
        this(ended, false);
    }

    /**
     * @param ended told once, with the cause or null, when input ends
     * @param suspended whether the gate starts paused: input then waits for the first {@link #resume()} (a transport
     *     that must not read before the session's {@code onOpen} asks for it)
     */
    public ReadGate(Consumer<Throwable> ended, boolean suspended) {
        this.ended = ended;
        this.suspended = suspended;
    }

    /**
     * Runs a pass, unless one is already running. The monitor is not held while the pass reads: a pass may run
     * endpoint callbacks that wait for other threads, and those threads must still be able to pause, resume or end
     * the input. A call from another thread during a pass (the host signalling input just as the pass asked for it)
     * makes that pass go round once more instead of being dropped; a call from the pass's own stack does nothing.
     * Failures end the input.
     */
    public void run(Pass pass) {
        synchronized (this) {
            if (reader != null) {
                if (reader != Thread.currentThread()) {
                    again = true;
                }
                return;
            }
            reader = Thread.currentThread();
        }
        boolean more = true;
        while (more) {
            try {
                pass.read();
            } catch (IOException e) {
                end(e);
            } catch (RuntimeException e) {
                // Not a network failure: the host or Wharf misbehaved; say so before dropping the connection.
                LOG.log(Level.WARNING, "reading a WebSocket connection failed; closing it", e);
                end(e);
            } finally {
                synchronized (this) {
                    more = again && !over && !suspended;
                    again = false;
                    stopping = false;
                    if (!more) {
                        reader = null;
                    }
                }
            }
        }
    }

    /** Whether a pass may read on: not paused, input not over. Called by the pass, inside {@link #run}. */
    public synchronized boolean open() {
        if (suspended && !over) {
            stopping = true;
        }
        return !suspended && !over;
    }

    public synchronized void suspend() {
        suspended = true;
    }

    /**
     * Lifts a pause. Returns true when the caller must start a pass itself; false when there was no pause (a
     * transport must not read from a foreign thread without one) or a pass is running and goes on by itself.
     */
    public synchronized boolean resume() {
        if (!suspended) {
            return false;
        }
        suspended = false;
        if (reader == null) {
            return true;
        }
        if (stopping) {
            again = true; // the pass saw the pause before this resume and would otherwise end without reading on
        }
        return false;
    }

    /** Input ended (end of stream, failure, or the host gave up on the connection): reported once. */
    public void end(Throwable cause) {
        synchronized (this) {
            if (over) {
                return;
            }
            over = true;
        }
        ended.accept(cause);
    }

    /** The connection is being closed by us: never touch the host's input again, and report nothing. */
    public synchronized void close() {
        over = true;
    }
}
