package dev.wharf.session;

import java.nio.ByteBuffer;
import java.util.function.BooleanSupplier;

/**
 * The narrow seam between a {@link WebSocketSession} and the connection that carries its bytes: the servlet bridge's
 * upgraded {@code WebConnection} on the server, the client transport on the client.
 *
 * <p>The transport feeds received bytes to {@link WebSocketSession#onBytes}, reports the end of input with
 * {@link WebSocketSession#onInputEnd}, and writes what the session hands to {@link #write}.
 */
public interface Transport {

    /**
     * Writes the buffers in order, then calls {@code callback} once: {@link WriteCallback#completed()} when every
     * byte was handed to the network, {@link WriteCallback#failed} otherwise. Never called again before the callback
     * of the previous write ran. May complete synchronously, on the calling thread, before returning. Must not
     * block the caller waiting for the network.
     */
    void write(ByteBuffer[] buffers, WriteCallback callback);

    /**
     * Asks the transport to stop feeding bytes after the current {@link WebSocketSession#onBytes} call returns, so
     * that a session whose endpoint is slower than its peer does not buffer without bound. Called on the thread that
     * is inside {@code onBytes}, or on another thread right after a {@link #resumeReading()} that a pause decided
     * meanwhile must not be undone by; may be called while already paused. Must not block: only note the pause.
     */
    void suspendReading();

    /**
     * Undoes {@link #suspendReading()}: the transport feeds bytes again. Called from any thread, also once after
     * {@code onOpen} (a transport that held its input until then starts reading; others ignore it).
     */
    void resumeReading();

    /** Closes the connection once pending writes are done; the session expects no more input after this. */
    void close();

    /** Closes the connection now, dropping whatever is not written yet. */
    void abort();

    /**
     * The host's own timer, to run this connection's deadlines ({@link DeadlineTimer}) where the host keeps a timer
     * running anyway (Undertow's I/O threads); null to run them on the container's timer thread. Asked once, when
     * the session is made.
     */
    default DeadlineTimer deadlineTimer() {
        return null;
    }

    /**
     * Whether the calling thread, inside {@link WebSocketSession#onBytes} or {@link WebSocketSession#open}, may run
     * endpoint callbacks itself, blocking sends included: true only where a write completes on another thread while
     * this one waits, and where this thread is not an event loop other connections depend on. Asked on every call.
     * Then no callback is handed to another thread; otherwise callbacks run on the session's pool.
     */
    default boolean readerMayRunCallbacks() {
        return false;
    }

    /**
     * Whether a thread that waits for one of this transport's writes must write it itself ({@link #writeRestHere})
     * instead of waiting for it to finish elsewhere: where the host event that would finish it can be held up by a
     * thread that waits in turn (Tomcat's write event needs the socket's lock, which its reader holds while it runs
     * callbacks). Asked for each wait that is not over at once.
     */
    default boolean waiterMustWrite() {
        return false;
    }

    /**
     * Writes the write under way on the calling thread until it is over, or until {@code timeoutMs} passed (0: no
     * limit) or {@code stillWaiting} says the caller waits no more (its send was given up elsewhere); its callback
     * runs as usual and goes on with the next write. Only where {@link #waiterMustWrite} said so.
     *
     * @return false if there was nothing to take: no write under way, or another thread writes it this way
     */
    default boolean writeRestHere(long timeoutMs, BooleanSupplier stillWaiting) {
        throw new UnsupportedOperationException("this transport finishes its writes itself");
    }
}
