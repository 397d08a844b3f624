package dev.wharf.session;

import dev.wharf.engine.StatusCodes;
import dev.wharf.metrics.CloseInitiator;
import dev.wharf.metrics.EndpointMeters;
import jakarta.websocket.CloseReason;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * How one connection ends: the one close state machine of a session ({@link Phase}), the ways the transport gets
 * closed (when flushed, after the peer goes quiet, or aborted after the close timeout), and the single run of
 * {@code onClose}.
 *
 * <p>Threads: any thread may close; the transport's reader reports the peer's close and failures (through
 * {@link Inbound}), timers fire on the container's timer thread. Every transition is a compare-and-set on
 * {@link #phase}, and phases only move forward, so each step happens once whoever gets there first.
 */
final class Closing implements Sender.Gate, Inbound.Ends {

    // Under the session's name: the one logger users configure for what happens to a session.
    private static final System.Logger LOG = System.getLogger(WebSocketSession.class.getName());

    /**
     * Where the connection stands. Only moves forward (see {@link #advance}).
     *
     * <table>
     *   <caption>transitions</caption>
     *   <tr><th>from</th><th>event</th><th>to</th><th>on the wire</th></tr>
     *   <tr><td>OPEN</td><td>{@code close()}, or the container closes</td><td>CLOSE_SENT</td>
     *       <td>our close frame; the close timeout starts</td></tr>
     *   <tr><td>OPEN, CLOSE_SENT</td><td>the peer's close frame (or end of input)</td><td>CLOSED</td>
     *       <td>our reply unless sent; the transport closes once flushed</td></tr>
     *   <tr><td>OPEN, CLOSE_SENT</td><td>the peer broke the protocol</td><td>CLOSED</td>
     *       <td>our close frame with the rule's code; input is drained until quiet, then the transport closes</td></tr>
     *   <tr><td>CLOSED</td><td>the transport is asked to close</td><td>TRANSPORT_CLOSING</td><td>-</td></tr>
     *   <tr><td>any</td><td>the transport closed or dropped, or the close timeout passed</td><td>ENDED</td>
     *       <td>-</td></tr>
     * </table>
     */
    enum Phase {
        /** No close frame either way. */
        OPEN,
        /** Our close frame is queued; the peer's reply is awaited, at most for the close timeout. */
        CLOSE_SENT,
        /** The closing handshake is over or failed: messages behind it are not delivered. */
        CLOSED,
        /** One path closes the transport (once flushed, or once the peer is quiet). */
        TRANSPORT_CLOSING,
        /** The connection is closed or dropped. */
        ENDED;

        boolean before(Phase other) {
            return compareTo(other) < 0;
        }
    }

    /**
     * After failing the connection the peer may still be sending (a message that was too big, say). Closing a socket
     * with unread input makes TCP reset it, and a reset can destroy our close frame before the peer reads it. So once
     * our close frame is out, input is read and dropped until the peer goes quiet this long (or ends the connection),
     * at most the close timeout, and only then is the connection closed. Input after a failure still arrives through
     * the reader, which the engine ignores; it counts as activity.
     */
    static final long QUIET_MS = 50;

    private static final VarHandle PHASE;
    private static final VarHandle ON_CLOSE_CLAIMED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PHASE = lookup.findVarHandle(Closing.class, "phase", Phase.class);
            ON_CLOSE_CLAIMED = lookup.findVarHandle(Closing.class, "onCloseClaimed", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What the session does when its endpoint must hear of the close: on the dispatcher, once. */
    interface Ending {
        /** Runs {@code onClose} with {@code reason} and releases the session's resources. */
        void closed(CloseReason reason);

        /** Fails a message being streamed to a handler, and forgets the session in its group. */
        void closing();

        /** Whether {@link #closed} calls application code ({@code onClose}, codecs' {@code destroy}). */
        boolean closedRunsApplicationCode();
    }

    private final String id;
    private final Transport transport;
    private final Sender sender;
    private final SendQueue sendQueue;
    private final SessionTimers timers;
    private final SerialDispatcher dispatcher;
    private final ContainerDefaults defaults;
    private final Ending ending;
    private final EndpointMeters meters;
    private final EndSignals signals = new EndSignals();

    /** Changed with {@link #PHASE} only. */
    private volatile Phase phase = Phase.OPEN;
    /** Set (with {@link #ON_CLOSE_CLAIMED}) by the one run of onClose. */
    private volatile boolean onCloseClaimed;

    Closing(String id, Transport transport, Sender sender, SendQueue sendQueue, SessionTimers timers,
            SerialDispatcher dispatcher, ContainerDefaults defaults, Ending ending, EndpointMeters meters) {
        this.id = id;
        this.meters = meters;
        this.transport = transport;
        this.sender = sender;
        this.sendQueue = sendQueue;
        this.timers = timers;
        this.dispatcher = dispatcher;
        this.defaults = defaults;
        this.ending = ending;
    }

    Phase phase() {
        return phase;
    }

    EndSignals signals() {
        return signals;
    }

    /** Moves to {@code target} unless already there or past it; returns the phase before. */
    private Phase advance(Phase target) {
        while (true) {
            Phase current = phase;
            if (!current.before(target)) {
                return current;
            }
            if (PHASE.compareAndSet(this, current, target)) {
                if (target == Phase.ENDED) {
                    signals.connectionEnded();
                }
                return current;
            }
        }
    }

    // ---- questions the other parts ask ----------------------------------------------------------------------

    /**
     * Sends are refused once a close started either way. The phase alone says so: every close frame the session
     * encodes is encoded after the phase left OPEN, and the session's engine never sends one on its own
     * ({@code repliesToClose} is false).
     */
    @Override
    public void checkSendable() throws IOException {
        if (phase != Phase.OPEN) {
            throw new IOException("session " + id + " is closed");
        }
    }

    /** Whether received messages are still delivered (not once the handshake is over or the connection gone). */
    @Override
    public boolean delivering() {
        return phase.before(Phase.CLOSED);
    }

    // ---- we close --------------------------------------------------------------------------------------------

    /** The application's close ({@code Session.close}); see {@link #close(CloseInitiator, int, CloseReason)}. */
    void close(int code, CloseReason reported) {
        close(CloseInitiator.APPLICATION, code, reported);
    }

    /**
     * Our close, from the application or the container: the frame goes out after what is already queued, and
     * {@code onClose} sees {@code reported} once the callbacks before it have run. Does nothing once a close started.
     */
    private void close(CloseInitiator by, int code, CloseReason reported) {
        if (!PHASE.compareAndSet(this, Phase.OPEN, Phase.CLOSE_SENT)) {
            return;
        }
        meters.recordClose(by, code);
        ending.closing(); // before our close frame: a peer that saw it must not find this session still open
        boolean handshakeDone = sender.close(code, reported.getReasonPhrase(), failure -> {
            if (failure != null) {
                transport.abort();
                advance(Phase.ENDED);
            }
        });
        if (handshakeDone) {
            closeTransportWhenFlushed();
        } else {
            endWithinCloseTimeout(); // wait for the peer's close reply, but not forever
        }
        finish(reported);
    }

    /** As {@link #close(int, CloseReason)}, the reason cut to what a close frame and a CloseReason can carry. */
    void close(int code, int reported, String reason) {
        // CloseReason refuses a phrase over 123 UTF-8 bytes; a long one (an exception's message) would otherwise stop
        // onClose from ever running.
        close(CloseInitiator.CONTAINER, code,
                new CloseReason(CloseReason.CloseCodes.getCloseCode(reported), StatusCodes.fitReason(reason)));
    }

    /**
     * The container closes on its own: code {@code why.code} to the peer; the endpoint sees that code when the peer's
     * data caused the close ({@link ContainerClose#peerCaused}), 1006 otherwise ([WSC 2.1.5-1]: a close the local
     * container initiates), both with the reason.
     */
    void close(ContainerClose why, String reason) {
        why.record(meters);
        close(why.code, why.peerCaused ? why.code : CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode(), reason);
    }

    @Override
    public void messageTooBig(String reason) {
        close(ContainerClose.MESSAGE_TOO_BIG, reason);
    }

    // ---- the peer closes, or breaks a rule (reported by the engine through Inbound) ---------------------------

    /** The peer's side of the closing handshake, after every message received before it. */
    @Override
    public void peerClosed(int code, String reason) {
        Phase previous = advance(Phase.CLOSED);
        ending.closing(); // before our reply: a peer that saw it must not find this session still open
        if (code != StatusCodes.ABNORMAL) {
            sender.closeReply(code);
        }
        closeTransportWhenFlushed();
        if (previous == Phase.OPEN) {
            meters.recordClose(CloseInitiator.PEER, code);
            // The peer's code as it came, 1005 (no status) included: the engine already reports it that way.
            finish(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason == null ? "" : reason));
        }
    }

    /** The engine failed the connection: our close frame with its code goes out after earlier replies. */
    @Override
    public void failed(int code, String reason) {
        Phase previous = advance(Phase.CLOSED);
        ending.closing();
        if (previous == Phase.OPEN) {
            meters.recordClose(CloseInitiator.PROTOCOL, code);
        }
        sender.failureClose(code, reason);
        closeTransportAfterPeerQuiet();
        if (previous.before(Phase.CLOSED)) {
            // The peer's data broke a rule (1002, 1007, 1009...): onClose sees the code that names the rule, as the
            // peer does ([WSC-4.7.1-1]: a message over the limit closes with 1009), not the 1006 of closes the
            // container decides on its own.
            finish(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), StatusCodes.fitReason(reason)));
        }
    }

    /**
     * The transport's input ended: nothing more arrives and nothing more can be written. The connection counts as
     * ended once the engine's report of it (the peer's close, or 1006) has been handled, after the messages before
     * it: those are still delivered.
     */
    void inputEnded(Throwable cause) {
        if (cause != null) {
            LOG.log(Level.DEBUG, "session {0}: connection failed", id, cause);
        }
        sendQueue.fail(new ConnectionClosedException(cause));
        transport.abort();
        if (!phase.before(Phase.CLOSED)) {
            advance(Phase.ENDED);
        }
    }

    // ---- the ways the transport gets closed ---------------------------------------------------------------------

    /**
     * Aborts the connection if it has not ended within the close timeout: no close reply came, or our queue is stuck
     * behind a peer that does not read, so the flush a clean close waits for never completes.
     */
    private void endWithinCloseTimeout() {
        long timeout = defaults.closeTimeoutMs();
        timers.schedule(() -> {
            if (phase != Phase.ENDED) {
                LOG.log(Level.DEBUG, "session {0}: connection not ended {1} ms after the close; aborting it", id,
                        timeout);
                transport.abort();
                advance(Phase.ENDED);
            }
        }, timeout);
    }

    /** Drains input until the peer is quiet for {@link #QUIET_MS}, then closes (see there). */
    private void closeTransportAfterPeerQuiet() {
        if (!advance(Phase.TRANSPORT_CLOSING).before(Phase.TRANSPORT_CLOSING)) {
            return; // another path closes it, or it is gone
        }
        sender.control(new ByteBuffer[0], failure -> {
            if (failure != null) {
                closeTransport();
                return;
            }
            long deadline = timers.nanoTime() + TimeUnit.MILLISECONDS.toNanos(defaults.closeTimeoutMs());
            closeWhenQuiet(deadline);
        });
    }

    private void closeWhenQuiet(long deadlineNanos) {
        long now = timers.nanoTime();
        if (now - deadlineNanos >= 0 || timers.quietFor(QUIET_MS)) {
            closeTransport();
        } else if (timers.schedule(() -> closeWhenQuiet(deadlineNanos), QUIET_MS) == null) {
            closeTransport(); // the container is stopping
        }
    }

    /** Closes the transport once everything queued before is written (an empty write marks the spot). */
    private void closeTransportWhenFlushed() {
        if (!advance(Phase.TRANSPORT_CLOSING).before(Phase.TRANSPORT_CLOSING)) {
            return; // another path closes it, or it is gone
        }
        sender.control(new ByteBuffer[0], failure -> closeTransport());
        if (phase != Phase.ENDED && !sendQueue.isIdle()) {
            endWithinCloseTimeout();
        }
    }

    private void closeTransport() {
        transport.close();
        advance(Phase.ENDED);
    }

    // ---- onClose -------------------------------------------------------------------------------------------------

    /**
     * Runs {@code onClose} once, after the callbacks already queued. Several closes may ask (ours, then the peer's
     * reply); the first queued wins, as the dispatcher runs them in order.
     *
     * <p>Where the end runs no application code, no close action waits for it, and no callback is queued or running,
     * it runs here instead: there is nothing for it to wait behind, and no callback thread needs waking for it (on
     * hosts whose reader must not run callbacks, Undertow's, that hand-off was one thread wake-up per connection,
     * issue #20). What it does then (the session's release, meters) does not block. Close actions may (a durable
     * attachment removed from Redis, a room left through a broker), and this thread may be a host's I/O thread.
     */
    private void finish(CloseReason reason) {
        ending.closing();
        if (!ending.closedRunsApplicationCode() && !signals.hasCloseActions() && dispatcher.isIdle()) {
            end(reason);
        } else {
            dispatcher.execute(() -> end(reason));
        }
    }

    private void end(CloseReason reason) {
        if (ON_CLOSE_CLAIMED.compareAndSet(this, false, true)) {
            try {
                ending.closed(reason);
            } finally {
                signals.closed();
            }
        }
    }
}
