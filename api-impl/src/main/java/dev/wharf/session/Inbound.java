package dev.wharf.session;

import dev.wharf.endpoint.MessageHandlers;
import dev.wharf.engine.ControlOutput;
import dev.wharf.engine.Engine;
import dev.wharf.engine.EngineConfig;
import dev.wharf.engine.EngineListener;
import dev.wharf.metrics.EndpointMeters;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;

/**
 * Bytes in, messages out: feeds the engine from the transport's reader (keeping what arrives before {@code onOpen}),
 * hands each message to the endpoint through {@link EndpointDelivery}, pauses the reader while too many
 * received bytes wait, and passes the engine's last word (the peer's close, or a failure) to {@link Ends}.
 *
 * <p>No engine callback calls the engine back: the engine's report of the end is kept while it runs and acted on
 * after it returned, outside {@link #receiveLock} (our close reply is encoded by the engine too).
 */
final class Inbound {

    // Under the session's name: the one logger users configure for what happens to a session.
    private static final System.Logger LOG = System.getLogger(WebSocketSession.class.getName());

    /** Where the end of the conversation goes: the session's {@link Closing}. */
    interface Ends {
        /** The peer's close frame arrived (or input ended: code 1006); after the messages before it. */
        void peerClosed(int code, String reason);

        /** The peer broke a rule, or we failed on our own: code and reason for our close frame. */
        void failed(int code, String reason);

        /** A streamed message passed the session's limit. */
        void messageTooBig(String reason);

        /** Whether messages are still delivered. */
        boolean delivering();
    }

    /** The engine's last word, kept while it runs and handled once it returned. */
    private record End(boolean failure, int code, String reason) {
    }

    private final String id;
    private final Transport transport;
    private final SendQueue sendQueue;
    private final SessionTimers timers;
    private final SerialDispatcher dispatcher;
    private final SessionServices services;
    private final MessageHandlers handlers;
    /**
     * Made by the reader at the first message part a streaming handler takes (most sessions have none, and an idle
     * one holds no streams); read by closing threads to fail a message being streamed.
     */
    private volatile MessageStreams streams;
    private final EndpointErrors errors;
    private final Engine engine;
    private final EndpointMeters meters;
    private final Watermarks watermarks;
    private final EndpointDelivery delivery;
    // Wired once by the session, before any byte arrives (they and the engine need each other).
    private Ends ends;
    private Sender sender;

    /** Serialises engine input between the reader and the one hand-over of early bytes after onOpen. */
    private final Object receiveLock = new Object();
    /** Whether onOpen has run and the engine takes bytes. Guarded by receiveLock. */
    private boolean receiving;
    /** Bytes received before that, in write mode. Guarded by receiveLock. */
    private ByteBuffer early;
    /** Set by the engine's close or failure report inside receive; taken after it. Guarded by receiveLock. */
    private End end;
    private volatile int maxTextBufferSize;
    private volatile int maxBinaryBufferSize;

    Inbound(String id, EngineConfig engineConfig, Transport transport, SendQueue sendQueue, SessionTimers timers,
            SerialDispatcher dispatcher, SessionServices services, MessageHandlers handlers, EndpointErrors errors,
            EndpointMeters meters) {
        this.id = id;
        this.meters = meters;
        this.transport = transport;
        this.sendQueue = sendQueue;
        this.timers = timers;
        this.dispatcher = dispatcher;
        this.services = services;
        this.handlers = handlers;
        this.errors = errors;
        this.watermarks = new Watermarks(transport, services.inboundBudget());
        this.delivery = new EndpointDelivery(id, dispatcher, watermarks, sendQueue, errors, meters);
        ContainerDefaults defaults = services.defaults();
        this.maxTextBufferSize = defaults.maxTextMessageBufferSize();
        this.maxBinaryBufferSize = defaults.maxBinaryMessageBufferSize();
        Events events = new Events();
        this.engine = new Engine(engineConfig, events, events);
        this.engine.setMaxTextMessageSize(maxTextBufferSize);
        this.engine.setMaxBinaryMessageSize(maxBinaryBufferSize);
    }

    Engine engine() {
        return engine;
    }

    void connect(Ends ends, Sender sender) {
        this.ends = ends;
        this.sender = sender;
        this.delivery.connect(ends);
    }

    // ---- the start and the reader ------------------------------------------------------------------------------

    /**
     * Runs {@code onOpen} on the dispatcher, then feeds what arrived meanwhile and lets the transport read. Where the
     * transport's thread may run callbacks, onOpen runs here too: a burst of handshakes then needs no callback
     * threads at all. Where it may not (Undertow's upgrade thread: a blocking send there would never complete), an
     * open that runs no application code still runs here, and only the callbacks it queues go to the pool.
     *
     * @param runsApplicationCode whether {@code onOpen} may run the application's code (which may block)
     */
    void start(Runnable onOpen, boolean runsApplicationCode) {
        boolean here = readerRunsCallbacks();
        if (!here && !runsApplicationCode && dispatcher.runAloneIfIdle(onOpen)) {
            // After the open's turn, as a reader would: a close that came early is then handled here when nothing
            // waits on the dispatcher (it runs no application code unless the end does, which queues it), instead of
            // waking a callback thread for it; messages go to the pool, behind the open.
            receiveEarlyBytes();
            watermarks.start();
            return;
        }
        Runnable opening = () -> {
            onOpen.run();
            // Even after a failed onOpen: the peer's close reply must be seen to end the connection cleanly.
            receiveEarlyBytes();
            watermarks.start();
        };
        if (here) {
            dispatcher.holdFor(Thread.currentThread());
        }
        try {
            dispatcher.execute(opening);
        } finally {
            if (here) {
                runHeldOnReader();
            }
        }
    }

    /** Bytes from the peer, split anywhere; see {@link WebSocketSession#onBytes}. */
    void onBytes(ByteBuffer bytes) {
        meters.recordBytesReceived(bytes.remaining());
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

    /** Whether no endpoint callback is queued or running. */
    boolean callbacksIdle() {
        return dispatcher.isIdle();
    }

    private void receive(ByteBuffer bytes) {
        End ended;
        synchronized (receiveLock) {
            if (!receiving) {
                early = EarlyBytes.append(early, bytes);
                if (early.position() > Watermarks.HIGH_WATER) {
                    transport.suspendReading();
                }
                return;
            }
            engine.receive(bytes);
            ended = takeEnd();
        }
        handle(ended);
    }

    /** After onOpen: feeds what arrived meanwhile, then lets the reader feed the engine directly. */
    private void receiveEarlyBytes() {
        End ended = null;
        synchronized (receiveLock) {
            receiving = true;
            ByteBuffer kept = early;
            early = null;
            if (kept != null) {
                engine.receive(kept.flip());
                ended = takeEnd();
            }
        }
        handle(ended);
    }

    /** See {@link WebSocketSession#payloadAwaited}. */
    long payloadAwaited() {
        return engine.payloadAwaited();
    }

    /** The transport's input ended; see {@link WebSocketSession#onInputEnd}. */
    void onInputEnd() {
        failStreams(() -> new IOException("the connection ended before the message ended"));
        End ended;
        synchronized (receiveLock) {
            receiving = true; // nothing more arrives; early bytes, if any, are dropped with the connection
            early = null;
            engine.receiveEnd();
            ended = takeEnd();
        }
        handle(ended);
    }

    private End takeEnd() {
        End taken = end;
        end = null;
        return taken;
    }

    /**
     * Replies to the messages that arrived before the close must go out before our close frame (RFC 6455 §5.5.1):
     * if any wait, the end waits behind them on the dispatcher. If none do, it is handled here, on the transport's
     * own thread, which lets hosts that close sockets only from their own threads (Tomcat) end the connection at once.
     */
    private void handle(End ended) {
        if (ended == null) {
            return;
        }
        Runnable handling = ended.failure()
                ? () -> ends.failed(ended.code(), ended.reason())
                : () -> ends.peerClosed(ended.code(), ended.reason());
        if (dispatcher.isIdle()) {
            handling.run();
        } else {
            dispatcher.execute(handling);
        }
    }

    // ---- engine events -------------------------------------------------------------------------------------------

    /** What the engine reports, and the frames it sends on its own (pongs). Called inside receiveLock. */
    private final class Events implements EngineListener, ControlOutput {
        @Override
        public void sendControl(ByteBuffer[] frame) {
            meters.recordPongSent(); // the engine sends only pongs on its own
            sender.control(frame, failure -> {
                if (failure != null) {
                    LOG.log(Level.DEBUG, "session {0}: control frame not sent: {1}", id, failure);
                }
            });
        }

        @Override
        public void onText(String text, boolean last) {
            if (last) {
                meters.recordTextReceived();
            }
            InboundTap tap = SessionPort.tap();
            if (tap != null && last && engine.deliversWhole(true) && tap.text(errors.session(), text)) {
                return; // answered on this thread (an auto-response)
            }
            MessageStreams s = streams(handlers.textStreamReceiver() != null);
            if (s == null || !s.text(text, last)) {
                delivery.queue(text.length(), () -> handlers.onText(text, last), "text");
            }
        }

        @Override
        public void onBinary(ByteBuffer data, boolean last) {
            if (last) {
                meters.recordBinaryReceived();
            }
            InboundTap tap = SessionPort.tap();
            if (tap != null && last && engine.deliversWhole(false) && tap.binary(errors.session(), data)) {
                return;
            }
            MessageStreams s = streams(handlers.binaryStreamReceiver() != null);
            if (s == null || !s.binary(data, last)) {
                delivery.queue(data.remaining(), () -> handlers.onBinary(data, last), "binary");
            }
        }

        @Override
        public void onPing(ByteBuffer payload) {
            meters.recordPingReceived();
            // The engine answered it; the Jakarta API has no ping event.
        }

        @Override
        public void onPong(ByteBuffer payload) {
            meters.recordPongReceived();
            sender.pongReceived(payload);
            InboundTap tap = SessionPort.tap();
            if (tap != null) {
                tap.pong(errors.session(), payload.duplicate());
            }
            delivery.queue(payload.remaining(), () -> handlers.onPong(payload), null);
        }

        @Override
        public void onClose(int code, String reason) {
            // At once, not on the dispatcher: a handler reading a streamed message holds the dispatcher until its
            // message ends, which it now never will.
            failStreams(() -> new IOException("the peer closed the connection before the message ended"));
            end = new End(false, code, reason);
        }

        @Override
        public void onFailure(int code, String reason) {
            failStreams(() -> new IOException("the connection failed before the message ended: " + code + " "
                    + reason));
            end = new End(true, code, reason);
        }
    }

    /** What streamed messages borrow from here: inbound accounting, the dispatcher, the limits. */
    private final class StreamHost implements MessageStreams.Host {
        @Override
        public void reserve(long bytes) {
            watermarks.reserve(bytes);
        }

        @Override
        public void release(long bytes) {
            watermarks.release(bytes);
        }

        @Override
        public void deliver(MessageStreams.Run receiverRun, Runnable after) {
            // The receiver reads the rest of its message as the reader receives it: never on the reader itself.
            delivery.stream(receiverRun, after);
        }

        @Override
        public void tooBig(boolean text, long limit) {
            ends.messageTooBig((text ? "text" : "binary") + " message larger than " + limit + " bytes");
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

    // ---- settings from the endpoint ------------------------------------------------------------------------------

    /** Streaming handlers need the message in parts as well as partial ones (the engine then stops assembling). */
    void applyDeliveryModes() {
        engine.setPartialText(handlers.partialText() || handlers.textStreamReceiver() != null);
        engine.setPartialBinary(handlers.partialBinary() || handlers.binaryStreamReceiver() != null);
    }

    /** A message being streamed to a handler fails: the session is closing. */
    void failStreams() {
        failStreams(() -> new IOException("the session closed before the message ended"));
    }

    private void failStreams(java.util.function.Supplier<IOException> cause) {
        MessageStreams s = streams;
        if (s != null) {
            s.fail(cause);
        }
    }

    /**
     * The streams, made now if {@code wanted} (a streaming handler takes this part) and not yet made; null while no
     * streaming handler ever took a part, as then no message can be in a stream. Reader thread only.
     */
    private MessageStreams streams(boolean wanted) {
        MessageStreams s = streams;
        if (s == null && wanted) {
            s = new MessageStreams(handlers, new StreamHost());
            streams = s;
        }
        return s;
    }

    int maxText() {
        return maxTextBufferSize;
    }

    void maxText(int length) {
        maxTextBufferSize = length;
        engine.setMaxTextMessageSize(length);
    }

    int maxBinary() {
        return maxBinaryBufferSize;
    }

    void maxBinary(int length) {
        maxBinaryBufferSize = length;
        engine.setMaxBinaryMessageSize(length);
    }
}
