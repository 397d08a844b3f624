package dev.wharf.session;

import dev.wharf.endpoint.Codecs;
import dev.wharf.endpoint.MessageHandlers;
import dev.wharf.engine.CloseCodes;
import dev.wharf.engine.CloseState;
import dev.wharf.engine.ControlOutput;
import dev.wharf.engine.Engine;
import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.EngineListener;
import jakarta.websocket.CloseReason;
import jakarta.websocket.EncodeException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One WebSocket conversation, server or client side: the Jakarta {@link Session} over an {@link Engine} and a
 * {@link Transport}.
 *
 * <p>Threads: the transport's reader feeds {@link #onBytes}; the engine's events are handed to a
 * {@link SerialDispatcher}, which runs every endpoint callback one at a time, in order; any thread may send or close.
 * The reader is suspended while too many received bytes wait for the endpoint.
 */
public final class WebSocketSession implements Session {

    private static final System.Logger LOG = System.getLogger(WebSocketSession.class.getName());
    /** Received bytes waiting for the endpoint beyond which reading pauses, and below which it resumes. */
    private static final long INBOUND_HIGH_WATER = 4L * 1024 * 1024;
    private static final long INBOUND_LOW_WATER = 1024 * 1024;

    private enum State { OPEN, CLOSING, CLOSED }

    // The atomic fields below are plain volatile fields updated through these handles, not AtomicXxx objects: a
    // session lives as long as its connection, and every such object would cost it 16-24 bytes more.
    private static final VarHandle STATE;
    private static final VarHandle ON_CLOSE_DONE;
    private static final VarHandle INBOUND_BYTES;
    private static final VarHandle TRANSPORT_CLOSING;
    private static final VarHandle END_WAITERS;
    private static final VarHandle BASIC;
    private static final VarHandle ASYNC;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(WebSocketSession.class, "state", State.class);
            ON_CLOSE_DONE = lookup.findVarHandle(WebSocketSession.class, "onCloseDone", boolean.class);
            INBOUND_BYTES = lookup.findVarHandle(WebSocketSession.class, "inboundBytes", long.class);
            TRANSPORT_CLOSING = lookup.findVarHandle(WebSocketSession.class, "transportClosing", boolean.class);
            END_WAITERS = lookup.findVarHandle(WebSocketSession.class, "endWaiters", EndWaiters.class);
            BASIC = lookup.findVarHandle(WebSocketSession.class, "basic", BasicRemote.class);
            ASYNC = lookup.findVarHandle(WebSocketSession.class, "async", AsyncRemote.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String id;
    private final SessionServices services;
    private final SessionGroup group;
    private final Endpoint endpoint;
    private final EndpointConfig config;
    private final SessionInfo info;
    private final Transport transport;
    private final Engine engine;
    private final SendQueue sendQueue;
    private final SessionTimers timers;
    private final Sender sender;
    private final SerialDispatcher dispatcher;
    private final Codecs codecs;
    private final MessageHandlers handlers;
    private final MessageStreams streams;
    // The remotes are made on first use (an idle session may never send), once: set with BASIC and ASYNC.
    private volatile BasicRemote basic;
    private volatile AsyncRemote async;

    /** Changed with {@link #STATE}. */
    private volatile State state = State.OPEN;
    /** Set (with {@link #ON_CLOSE_DONE}) by the one run of onClose. */
    private volatile boolean onCloseDone;
    /** onClose has run and the session's resources are released. */
    private volatile boolean closeFinished;
    /** The connection itself is closed or dropped (after onClose, a close handshake may still run). */
    private volatile boolean connectionEnded;
    /** Whoever waits for the two above; null until the first comes. Set with {@link #END_WAITERS}. */
    private volatile EndWaiters endWaiters;
    /** Received bytes waiting for the endpoint; changed with {@link #INBOUND_BYTES}. */
    private volatile long inboundBytes;
    /** Serialises engine input between the reader and the one hand-over of early bytes after onOpen. */
    private final Object receiveLock = new Object();
    /** Whether onOpen has run and the engine takes bytes. Guarded by receiveLock. */
    private boolean receiving;
    /** Bytes received before that, in write mode. Guarded by receiveLock. */
    private ByteBuffer early;
    private volatile boolean readingSuspended;
    /**
     * We gave up on the peer ({@link #abandonSends}): it does not read, so the messages it sent before are dropped
     * rather than delivered (an endpoint answering each one would only fail, and report each failure).
     */
    private volatile boolean peerAbandoned;
    private volatile int maxTextBufferSize;
    private volatile int maxBinaryBufferSize;
    private volatile boolean batchingAllowed;

    /**
     * Builds a session; nothing happens on the wire until {@link #open()}.
     *
     * @param engineConfig the engine's fixed settings (role, extensions); message limits come from the defaults
     */
    public WebSocketSession(SessionServices services, SessionGroup group, Endpoint endpoint, EndpointConfig config,
                            SessionInfo info, Transport transport, EngineConfig engineConfig, ClassLoader loader) {
        this.id = services.nextId();
        this.services = services;
        this.group = group;
        this.endpoint = endpoint;
        this.config = config;
        this.info = info;
        this.transport = transport;
        ContainerDefaults defaults = services.defaults();
        this.maxTextBufferSize = defaults.maxTextMessageBufferSize();
        this.maxBinaryBufferSize = defaults.maxBinaryMessageBufferSize();
        if (engineConfig.repliesToClose()) {
            throw new IllegalArgumentException("a session replies to close frames itself, after the messages before"
                    + " them: build its EngineConfig with repliesToClose(false)");
        }
        this.sendQueue = new SendQueue(transport, services.sendBudget());
        this.timers = new SessionTimers(services.timer(), sendQueue, new Deadlines(), defaults);
        EngineEvents events = new EngineEvents();
        this.engine = new Engine(engineConfig, events, events);
        this.engine.setMaxTextMessageSize(maxTextBufferSize);
        this.engine.setMaxBinaryMessageSize(maxBinaryBufferSize);
        this.sender = new Sender(this, engine, sendQueue);
        this.dispatcher = new SerialDispatcher(services.pool(), loader);
        this.codecs = new Codecs(config.getDecoders(), config.getEncoders(), config);
        this.handlers = new MessageHandlers(codecs);
        this.streams = new MessageStreams(handlers, new StreamHost());
    }

    // ---- lifecycle driven by the transport -------------------------------------------------------------------

    /**
     * Starts the conversation after the handshake: runs {@code onOpen} on the dispatcher, then calls
     * {@link Transport#resumeReading()}. A transport may read at once (messages queue behind {@code onOpen}) or
     * hold its input until that call; servlet transports read at once, on the container's own thread.
     */
    public void open() {
        group.add(this);
        services.opened(this);
        timers.armIdleCheck();
        // Where the transport's thread may run callbacks, onOpen runs here too: a burst of handshakes then needs no
        // callback threads at all.
        boolean here = readerRunsCallbacks();
        if (here) {
            dispatcher.holdFor(Thread.currentThread());
        }
        try {
            dispatcher.execute(() -> {
                try {
                    endpoint.onOpen(this, config);
                    applyDeliveryModes();
                } catch (Throwable t) {
                    reportError(t);
                    closeByContainer(ContainerClose.ENDPOINT_FAILED, "onOpen failed: " + describe(t));
                }
                // Even after a failed onOpen: the peer's close reply must be seen to end the connection cleanly.
                receiveEarlyBytes();
                transport.resumeReading();
            });
        } finally {
            if (here) {
                runHeldOnReader();
            }
        }
    }

    /**
     * Bytes from the peer, split anywhere. Called by the transport's reader, one call at a time. Until onOpen has
     * run they are only kept: the engine must not frame a message before the endpoint's handlers say whether to
     * assemble or stream it.
     */
    public void onBytes(ByteBuffer bytes) {
        timers.touch();
        if (!readerRunsCallbacks()) {
            receive(bytes);
            return;
        }
        dispatcher.holdFor(Thread.currentThread());
        try {
            receive(bytes);
        } finally {
            runHeldOnReader(); // outside receiveLock: endpoint code may take its time, or close the session
        }
    }

    /**
     * Whether the reading thread runs this read's callbacks itself: where the transport allows it, unless our peer
     * is behind (a write is outstanding: a send from the callback would likely wait for it), or the container has
     * lent out as many host threads as it may (a slow peer must not take the threads every connection needs).
     * When true, a slot is taken: {@link #runHeldOnReader} gives it back.
     */
    private boolean readerRunsCallbacks() {
        return transport.readerMayRunCallbacks() && sendQueue.isIdle() && services.enterReaderCallbacks();
    }

    private void runHeldOnReader() {
        try {
            dispatcher.runHeld();
        } finally {
            services.exitReaderCallbacks();
        }
    }

    /** Whether no endpoint callback is queued or running (for tests that need the reader to find it so). */
    boolean callbacksIdle() {
        return dispatcher.isIdle();
    }

    private void receive(ByteBuffer bytes) {
        synchronized (receiveLock) {
            if (!receiving) {
                early = EarlyBytes.append(early, bytes);
                if (early.position() > INBOUND_HIGH_WATER) {
                    transport.suspendReading();
                }
                return;
            }
            engine.receive(bytes);
        }
    }

    /** After onOpen: feeds what arrived meanwhile, then lets the reader feed the engine directly. */
    private void receiveEarlyBytes() {
        synchronized (receiveLock) {
            receiving = true;
            ByteBuffer kept = early;
            early = null;
            if (kept != null) {
                engine.receive(kept.flip());
            }
        }
    }

    /** The transport's input ended (end of stream or error). Called once, by the reader. */
    public void onInputEnd(Throwable cause) {
        streams.fail(() -> new IOException("the connection ended before the message ended", cause));
        synchronized (receiveLock) {
            receiving = true; // nothing more arrives; early bytes, if any, are dropped with the connection
            early = null;
            engine.receiveEnd();
        }
        if (cause != null) {
            LOG.log(Level.DEBUG, "session {0}: connection failed", id, cause);
        }
        sendQueue.fail(new ConnectionClosedException(cause));
        transport.abort();
        signalConnectionEnded();
    }

    // ---- engine events ---------------------------------------------------------------------------------------

    /** What the engine reports, and the frames it sends on its own (pongs). */
    private final class EngineEvents implements EngineListener, ControlOutput {
        @Override
        public void sendControl(ByteBuffer[] frame) {
            sender.control(frame, failure -> {
                if (failure != null) {
                    LOG.log(Level.DEBUG, "session {0}: control frame not sent: {1}", id, failure);
                }
            });
        }

        @Override
        public void onText(String text, boolean last) {
            if (!streams.text(text, last)) {
                inbound(text.length(), () -> deliver(() -> handlers.onText(text, last), "text"));
            }
        }

        @Override
        public void onBinary(ByteBuffer data, boolean last) {
            if (!streams.binary(data, last)) {
                inbound(data.remaining(), () -> deliver(() -> handlers.onBinary(data, last), "binary"));
            }
        }

        @Override
        public void onPing(ByteBuffer payload) {
            // The engine answered it; the Jakarta API has no ping event.
        }

        @Override
        public void onPong(ByteBuffer payload) {
            inbound(payload.remaining(), () -> deliver(() -> handlers.onPong(payload), null));
        }

        @Override
        public void onClose(int code, String reason) {
            // Here on the reader thread, not on the dispatcher: a handler reading a streamed message holds the
            // dispatcher until its message ends, which it now never will.
            streams.fail(() -> new IOException("the peer closed the connection before the message ended"));
            // Replies to the messages that arrived before the close must go out before our close frame
            // (RFC 6455 §5.5.1): if any wait, the reply waits behind them on the dispatcher. If none do, it goes out
            // here, on the transport's own thread, which lets hosts that close sockets only from their own threads
            // (Tomcat) end the connection at once.
            if (dispatcher.isIdle()) {
                peerClosed(code, reason);
            } else {
                dispatcher.execute(() -> peerClosed(code, reason));
            }
        }

        @Override
        public void onFailure(int code, String reason) {
            streams.fail(() -> new IOException("the connection failed before the message ended: " + code + " "
                    + reason));
            // As for a close: the messages that arrived before the violation are handled and answered first.
            if (dispatcher.isIdle()) {
                failed(code, reason);
            } else {
                dispatcher.execute(() -> failed(code, reason));
            }
        }
    }

    /** The peer's side of the closing handshake, on the dispatcher after every message received before it. */
    private void peerClosed(int code, String reason) {
        // Read the state before closing the transport: a transport whose write completes synchronously marks the
        // session closed inside closeTransportWhenFlushed(), which would hide that onClose is still owed.
        State previous = (State) STATE.getAndSet(this, State.CLOSED);
        group.remove(this); // before our reply: a peer that saw it must not find this session still open
        if (code != CloseCodes.ABNORMAL) {
            sender.closeReply(code);
        }
        closeTransportWhenFlushed();
        if (previous == State.OPEN) {
            // The peer's code as it came, 1005 (no status) included: the engine already reports it that way.
            finish(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), reason == null ? "" : reason));
        }
    }

    /** The engine failed the connection: our close frame with its code goes out after earlier replies. */
    private void failed(int code, String reason) {
        State previous = (State) STATE.getAndSet(this, State.CLOSED); // before the transport closes: see peerClosed
        group.remove(this);
        sender.failureClose(code, reason);
        closeTransportAfterPeerQuiet();
        if (previous != State.CLOSED) {
            // The peer's data broke a rule (1002, 1007, 1009...): onClose sees the code that names the rule, as the
            // peer does ([WSC-4.7.1-1]: a message over the limit closes with 1009), not the 1006 of closes the
            // container decides on its own.
            finish(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), CloseCodes.fitReason(reason)));
        }
    }

    private interface Delivery {
        boolean run() throws Throwable;
    }

    private void deliver(Delivery delivery, String kind) {
        if (state == State.CLOSED || peerAbandoned) {
            return; // messages behind a close are not delivered, nor those of a peer given up on
        }
        try {
            if (!delivery.run() && kind != null) {
                // No handler for this kind (yet): the message is dropped and the session stays open, as in Tomcat and
                // Jetty. An endpoint may add its handler only later (from onOpen's sends, say), and the spec names no
                // close for an unhandled message.
                LOG.log(Level.DEBUG, "session {0}: no {1} message handler; message dropped", id, kind);
            }
        } catch (Throwable t) {
            reportError(t);
        }
    }

    /** Queues an event for the endpoint, pausing the reader while too much waits. */
    private void inbound(long size, Runnable event) {
        reserveInbound(size);
        dispatcher.execute(() -> {
            try {
                event.run();
            } finally {
                releaseInbound(size);
            }
        });
    }

    /**
     * Counts received bytes waiting for the endpoint; past the high-water mark the reader pauses, and so it does at
     * once while the container's inbound budget is spent (those bytes then wait here until the endpoint takes them).
     */
    private void reserveInbound(long size) {
        boolean containerOver = services.inboundBudget().reserve(size);
        if ((addInbound(size) > INBOUND_HIGH_WATER || containerOver) && !readingSuspended) {
            readingSuspended = true;
            transport.suspendReading();
        }
    }

    private void releaseInbound(long size) {
        services.inboundBudget().release(size);
        if (addInbound(-size) < INBOUND_LOW_WATER && readingSuspended) {
            readingSuspended = false;
            transport.resumeReading();
        }
    }

    /** @return the bytes waiting for the endpoint after adding {@code delta} */
    private long addInbound(long delta) {
        return (long) INBOUND_BYTES.getAndAdd(this, delta) + delta;
    }

    /** What streamed messages borrow from the session: inbound accounting, the dispatcher, the limits. */
    private final class StreamHost implements MessageStreams.Host {
        @Override
        public void reserve(long bytes) {
            reserveInbound(bytes);
        }

        @Override
        public void release(long bytes) {
            releaseInbound(bytes);
        }

        @Override
        public void deliver(MessageStreams.Run receiverRun, Runnable after) {
            // The receiver reads the rest of its message as the reader receives it: never on the reader itself.
            dispatcher.executeOffReader(() -> {
                try {
                    WebSocketSession.this.deliver(() -> {
                        receiverRun.run();
                        return true;
                    }, null);
                } finally {
                    after.run();
                }
            });
        }

        @Override
        public void tooBig(boolean text, long limit) {
            closeByContainer(ContainerClose.MESSAGE_TOO_BIG, (text ? "text" : "binary")
                    + " message larger than " + limit + " bytes");
        }

        @Override
        public long maxText() {
            return maxTextBufferSize;
        }

        @Override
        public long maxBinary() {
            return maxBinaryBufferSize;
        }
    }

    /** Streaming handlers need the message in parts as well as partial ones (the engine then stops assembling). */
    private void applyDeliveryModes() {
        engine.setPartialText(handlers.partialText() || streams.textStreamed());
        engine.setPartialBinary(handlers.partialBinary() || streams.binaryStreamed());
    }

    // ---- closing ---------------------------------------------------------------------------------------------

    @Override
    public void close() throws IOException {
        close(new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, ""));
    }

    /**
     * The application closes: our close frame goes out after what is already queued, and {@code onClose} sees this
     * reason once the callbacks before it have run. Closing a closed session does nothing.
     */
    @Override
    public void close(CloseReason reason) throws IOException {
        if (!STATE.compareAndSet(this, State.OPEN, State.CLOSING)) {
            return;
        }
        group.remove(this); // before our close frame: see peerClosed
        sendClose(reason.getCloseCode().getCode(), reason.getReasonPhrase());
        finish(reason);
    }

    /**
     * The container closes on its own: code {@code why.code} to the peer; the endpoint sees that code when the peer's
     * data caused the close ({@link ContainerClose#peerCaused}), 1006 otherwise, both with the reason.
     */
    void closeByContainer(ContainerClose why, String reason) {
        closeByContainer(why.code, why.peerCaused ? why.code : CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode(),
                reason);
    }

    /**
     * As {@link #closeByContainer(ContainerClose, String)}, with an explicit wire code (e.g. shutdown's 1001); the
     * endpoint sees 1006 ([WSC 2.1.5-1]: a close the local container initiates).
     */
    public void closeByContainer(int code, String reason) {
        closeByContainer(code, CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode(), reason);
    }

    private void closeByContainer(int code, int reported, String reason) {
        if (!STATE.compareAndSet(this, State.OPEN, State.CLOSING)) {
            return;
        }
        group.remove(this); // before our close frame: see peerClosed
        sendClose(code, reason);
        // CloseReason refuses a phrase over 123 UTF-8 bytes; a long one (an exception's message) would otherwise stop
        // onClose from ever running.
        finish(new CloseReason(CloseReason.CloseCodes.getCloseCode(reported), CloseCodes.fitReason(reason)));
    }

    /** Closes because the HTTP session the handshake ran in ended (spec 7.2). */
    public void closeForEndedHttpSession() {
        closeByContainer(ContainerClose.HTTP_SESSION_ENDED, "the HTTP session ended");
    }

    private void sendClose(int code, String reason) {
        ByteBuffer[] frame = engine.encodeClose(code, CloseCodes.fitReason(reason));
        if (frame != null) {
            sender.control(frame, failure -> {
                if (failure != null) {
                    transport.abort();
                    signalConnectionEnded();
                }
            });
        }
        if (engine.closeState() == CloseState.CLOSED) {
            closeTransportWhenFlushed();
        } else {
            endWithinCloseTimeout(); // wait for the peer's close reply, but not forever
        }
    }

    /**
     * Aborts the connection if it has not ended within the close timeout: no close reply came, or our queue is stuck
     * behind a peer that does not read, so the flush a clean close waits for never completes.
     */
    private void endWithinCloseTimeout() {
        long timeout = services.defaults().closeTimeoutMs();
        timers.schedule(() -> {
            if (!connectionEnded) {
                LOG.log(Level.DEBUG, "session {0}: connection not ended {1} ms after the close; aborting it", id,
                        timeout);
                transport.abort();
                markClosed();
            }
        }, timeout);
    }

    /** Set (with {@link #TRANSPORT_CLOSING}) by the one path that closes the transport. */
    private volatile boolean transportClosing;

    /**
     * After failing the connection the peer may still be sending (a message that was too big, say). Closing a socket
     * with unread input makes TCP reset it, and a reset can destroy our close frame before the peer reads it. So once
     * our close frame is out, input is read and dropped until the peer goes quiet for {@link #QUIET_MS} (or ends the
     * connection), at most the close timeout, and only then is the connection closed.
     */
    private void closeTransportAfterPeerQuiet() {
        if (!TRANSPORT_CLOSING.compareAndSet(this, false, true)) {
            return;
        }
        sender.control(new ByteBuffer[0], failure -> {
            if (failure != null) {
                transport.close();
                markClosed();
                return;
            }
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(services.defaults().closeTimeoutMs());
            closeWhenQuiet(deadline);
        });
    }

    /** Input after a failure still arrives through {@link #onBytes}, which the engine ignores; it counts as activity. */
    private static final long QUIET_MS = 50;

    private void closeWhenQuiet(long deadlineNanos) {
        long now = System.nanoTime();
        if (now - deadlineNanos >= 0 || timers.quietFor(QUIET_MS)) {
            transport.close();
            markClosed();
        } else if (timers.schedule(() -> closeWhenQuiet(deadlineNanos), QUIET_MS) == null) {
            transport.close(); // the container is stopping
            markClosed();
        }
    }

    private void closeTransportWhenFlushed() {
        if (TRANSPORT_CLOSING.compareAndSet(this, false, true)) {
            sender.control(new ByteBuffer[0], failure -> {
                transport.close();
                markClosed();
            });
            if (!connectionEnded && !sendQueue.isIdle()) {
                endWithinCloseTimeout();
            }
        }
    }

    /** Runs {@code onClose} once, after the callbacks already queued, then releases the session's resources. */
    private void finish(CloseReason reason) {
        streams.fail(() -> new IOException("the session closed before the message ended"));
        group.remove(this);
        dispatcher.execute(() -> {
            if (!ON_CLOSE_DONE.compareAndSet(this, false, true)) {
                return;
            }
            try {
                endpoint.onClose(this, reason);
            } catch (Throwable t) {
                reportError(t); // [WSC-5.2.2-2]: onClose is application code like any other callback
            } finally {
                codecs.destroy();
                services.closed(this);
                timers.cancel();
                signalClosed();
            }
        });
    }

    /**
     * Runs {@code action} once this session has closed and run {@code onClose}: at once, on the calling thread, if
     * that already happened. For whoever keeps an index of sessions (the servlet bridge's HTTP-session map), so
     * closed sessions do not pile up in it.
     */
    public void whenClosed(Runnable action) {
        EndWaiters waiters = endWaiters();
        synchronized (waiters) {
            if (!closeFinished) {
                waiters.closeActions.add(action);
                return;
            }
        }
        action.run();
    }

    /**
     * Who waits for this session to end: a stopping container ({@link #awaitClosed}, {@link #awaitConnectionEnded})
     * and {@link #whenClosed} actions. Created by the first of them: most sessions are never waited for, and two
     * latches and a list in every idle session would cost ~150 bytes each.
     *
     * <p>A signal sets its flag and then reads {@link #endWaiters}; a waiter sets {@link #endWaiters} and then reads
     * the flags. All are volatile, so at least one of the two sees the other: no signal is missed.
     */
    private static final class EndWaiters {
        final CountDownLatch closed = new CountDownLatch(1);
        final CountDownLatch connectionEnded = new CountDownLatch(1);
        /** Run once after onClose, e.g. to forget the session in an index. Guarded by the EndWaiters. */
        final List<Runnable> closeActions = new ArrayList<>(1);
    }

    private EndWaiters endWaiters() {
        EndWaiters waiters = endWaiters;
        if (waiters == null) {
            EndWaiters created = new EndWaiters();
            waiters = END_WAITERS.compareAndSet(this, null, created) ? created : endWaiters;
        }
        // A signal given before the waiters existed did not reach them: pass it on (a latch ignores a second count).
        if (closeFinished) {
            waiters.closed.countDown();
        }
        if (connectionEnded) {
            waiters.connectionEnded.countDown();
        }
        return waiters;
    }

    /** onClose has run: wakes the waiters, then runs the close actions (whenClosed runs later ones itself). */
    private void signalClosed() {
        closeFinished = true;
        EndWaiters waiters = endWaiters;
        if (waiters == null) {
            return;
        }
        waiters.closed.countDown();
        Runnable[] actions;
        synchronized (waiters) {
            actions = waiters.closeActions.toArray(new Runnable[0]);
            waiters.closeActions.clear();
        }
        for (Runnable action : actions) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "session " + id + ": a close action failed", e);
            }
        }
    }

    private void signalConnectionEnded() {
        connectionEnded = true;
        EndWaiters waiters = endWaiters;
        if (waiters != null) {
            waiters.connectionEnded.countDown();
        }
    }

    private void markClosed() {
        state = State.CLOSED;
        signalConnectionEnded();
    }

    /**
     * Waits up to {@code ms} for the connection to have ended: closing handshake done and connection closed, or
     * dropped. For a container that is stopping: its host may cut every connection once it is told we are done.
     */
    public boolean awaitConnectionEnded(long ms) {
        if (connectionEnded) {
            return true;
        }
        try {
            return endWaiters().connectionEnded.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Waits up to {@code ms} for {@code onClose} to have run. */
    public boolean awaitClosed(long ms) {
        if (closeFinished) {
            return true;
        }
        try {
            return endWaiters().closed.await(ms, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }


    // ---- errors ----------------------------------------------------------------------------------------------

    private void reportError(Throwable t) {
        if (!handlesErrors(endpoint)) {
            // [WSC-5.2.2-3]: no error handling method, so the error must still be available for later analysis.
            LOG.log(Level.WARNING, "session " + id + ": unhandled error in " + endpoint.getClass().getName()
                    + " (it does not override Endpoint.onError)", t);
            return;
        }
        try {
            endpoint.onError(this, t);
        } catch (Throwable again) {
            LOG.log(Level.WARNING, "session " + id + ": onError failed while handling " + t, again);
        }
    }

    /**
     * Whether the endpoint has an error handling method: {@code Endpoint.onError} does nothing, so an endpoint that
     * does not override it would drop the error. (Annotated endpoints override it and log when they have no
     * {@code @OnError}.)
     */
    private static boolean handlesErrors(Endpoint endpoint) {
        try {
            return endpoint.getClass().getMethod("onError", Session.class, Throwable.class).getDeclaringClass()
                    != Endpoint.class;
        } catch (NoSuchMethodException e) {
            return true;
        }
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + message;
    }

    // ---- timers ----------------------------------------------------------------------------------------------

    /** Records activity for the idle timeout. */
    void touch() {
        timers.touch();
    }

    void watchSendStall() {
        timers.watchSendStall();
    }

    long asyncSendTimeout() {
        return timers.asyncSendTimeoutMs();
    }

    void asyncSendTimeout(long ms) {
        timers.asyncSendTimeoutMs(ms);
    }

    /** The session's side of its deadlines. */
    private final class Deadlines implements SessionTimers.Expiry {
        @Override
        public boolean isOpen() {
            return state == State.OPEN;
        }

        @Override
        public void idle(long timeoutMs) {
            closeByContainer(ContainerClose.IDLE_TIMEOUT, "idle for more than " + timeoutMs + " ms");
        }

        @Override
        public void sendStalled(long timeoutMs) {
            String reason = "peer took no data for " + timeoutMs + " ms";
            abandonSends(ContainerClose.SEND_TIMEOUT, reason, new SocketTimeoutException(reason));
        }
    }

    // ---- peers that do not read ------------------------------------------------------------------------------

    /**
     * Gives up on a peer that does not take our bytes (a send timed out, a queue or the container's budget is over
     * its bound): every unsent frame fails with {@code cause} and its memory is freed now, our close frame with
     * {@code why}'s code and the reason goes out right behind the write in progress (as far as the peer's window
     * allows), and the connection is torn down after the close timeout at the latest. Sends fail from now on.
     */
    void abandonSends(ContainerClose why, String reason, IOException cause) {
        peerAbandoned = true;
        sendQueue.abandon(cause);
        closeByContainer(why, reason);
    }

    /** This session as the container's send budget sees it. Made only while the budget is enforced. */
    SendBudget.Holder budgetHolder() {
        return new SendBudget.Holder() {
            @Override
            public long heldSendBytes() {
                return sendQueue.heldBytes();
            }

            @Override
            public Runnable evict(String reason) {
                peerAbandoned = true;
                Runnable failSends = sendQueue.detach(new IOException(reason));
                return () -> {
                    failSends.run();
                    closeByContainer(ContainerClose.SEND_BUDGET, reason);
                };
            }
        };
    }

    // ---- used by the remotes ---------------------------------------------------------------------------------

    SessionServices services() {
        return services;
    }

    /** Sends are refused once our close frame is queued. */
    void checkSendable() throws IOException {
        if (state != State.OPEN || engine.isCloseSent()) {
            throw new IOException("session " + id + " is closed");
        }
    }

    /**
     * Session methods other than close are refused once the session is closed (Session javadoc): once its onClose has
     * returned, as {@link #isOpen()} says, so that onClose itself may still use the session (its sends fail, see
     * {@link #checkSendable}).
     */
    void checkOpen() {
        if (closeFinished) {
            throw new IllegalStateException("session " + id + " is closed");
        }
    }

    Object encode(Object value) throws EncodeException {
        return codecs.encode(value);
    }

    boolean batchingAllowed() {
        return batchingAllowed;
    }

    /** Turning batching off writes out what the batch holds, and waits for it (RemoteEndpoint javadoc). */
    void batchingAllowed(boolean allowed) throws IOException {
        boolean was = batchingAllowed;
        batchingAllowed = allowed;
        sendQueue.batching(allowed);
        if (was && !allowed) {
            flushBatch();
        }
    }

    /**
     * Writes out the batch and blocks until it (and everything queued before) reached the network, or the blocking
     * send timeout closes the session. Without batching nothing is ever held, so there is nothing to wait for.
     */
    void flushBatch() throws IOException {
        if (!batchingAllowed && sendQueue.batchBytes() == 0) {
            return;
        }
        sender.await(sendQueue.flush(), services.defaults().blockingSendTimeoutMs());
    }

    // ---- jakarta.websocket.Session ---------------------------------------------------------------------------

    @Override
    public WebSocketContainer getContainer() {
        return services.container();
    }

    @Override
    public void addMessageHandler(MessageHandler handler) {
        checkOpen();
        handlers.add(handler);
        applyDeliveryModes();
    }

    @Override
    public <T> void addMessageHandler(Class<T> type, MessageHandler.Whole<T> handler) {
        checkOpen();
        handlers.add(type, handler);
        applyDeliveryModes();
    }

    @Override
    public <T> void addMessageHandler(Class<T> type, MessageHandler.Partial<T> handler) {
        checkOpen();
        handlers.add(type, handler);
        applyDeliveryModes();
    }

    @Override
    public Set<MessageHandler> getMessageHandlers() {
        checkOpen();
        return handlers.handlers();
    }

    @Override
    public void removeMessageHandler(MessageHandler handler) {
        checkOpen();
        handlers.remove(handler);
        applyDeliveryModes();
    }

    @Override
    public String getProtocolVersion() {
        return "13";
    }

    @Override
    public String getNegotiatedSubprotocol() {
        return info.subprotocol();
    }

    @Override
    public List<Extension> getNegotiatedExtensions() {
        return info.extensions();
    }

    @Override
    public boolean isSecure() {
        return info.secure();
    }

    /**
     * True until the session is closed and its {@code onClose} (with an {@code onError} for what onClose threw) has
     * returned: whoever sees false sees everything onClose did. Until then the session's methods work (see
     * {@link #checkOpen}), but sending is refused as soon as a close starts (see {@link #checkSendable}): inside
     * {@code onClose}, or in a callback after {@code close()}, this may say true while sends fail with IOException.
     */
    @Override
    public boolean isOpen() {
        return !closeFinished;
    }

    @Override
    public long getMaxIdleTimeout() {
        return timers.maxIdleTimeoutMs();
    }

    @Override
    public void setMaxIdleTimeout(long milliseconds) {
        checkOpen();
        timers.maxIdleTimeoutMs(milliseconds);
    }

    @Override
    public void setMaxBinaryMessageBufferSize(int length) {
        checkOpen();
        maxBinaryBufferSize = length;
        engine.setMaxBinaryMessageSize(length);
    }

    @Override
    public int getMaxBinaryMessageBufferSize() {
        return maxBinaryBufferSize;
    }

    @Override
    public void setMaxTextMessageBufferSize(int length) {
        checkOpen();
        maxTextBufferSize = length;
        engine.setMaxTextMessageSize(length);
    }

    @Override
    public int getMaxTextMessageBufferSize() {
        return maxTextBufferSize;
    }

    @Override
    public RemoteEndpoint.Async getAsyncRemote() {
        checkOpen();
        AsyncRemote remote = async;
        if (remote == null) {
            AsyncRemote created = new AsyncRemote(this, sender);
            remote = ASYNC.compareAndSet(this, null, created) ? created : async;
        }
        return remote;
    }

    @Override
    public RemoteEndpoint.Basic getBasicRemote() {
        checkOpen();
        BasicRemote remote = basic;
        if (remote == null) {
            BasicRemote created = new BasicRemote(this, sender);
            remote = BASIC.compareAndSet(this, null, created) ? created : basic;
        }
        return remote;
    }

    @Override
    public String getId() {
        return id;
    }

    /** Parsed on each call from the text the handshake checked (see {@link SessionInfo}); URIs are immutable. */
    @Override
    public URI getRequestURI() {
        return URI.create(info.requestUri());
    }

    @Override
    public Map<String, List<String>> getRequestParameterMap() {
        return info.requestParameters();
    }

    @Override
    public String getQueryString() {
        return info.queryString();
    }

    @Override
    public Map<String, String> getPathParameters() {
        return info.pathParameters();
    }

    @Override
    public Map<String, Object> getUserProperties() {
        return info.userProperties();
    }

    @Override
    public Principal getUserPrincipal() {
        return info.userPrincipal();
    }

    @Override
    public Set<Session> getOpenSessions() {
        checkOpen();
        return group.snapshot();
    }


    @Override
    public String toString() {
        return "WebSocketSession[" + id + " " + info.requestUri() + " " + state + "]";
    }
}
