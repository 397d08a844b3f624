package dev.wharf.session;

import dev.wharf.endpoint.AnnotatedEndpoint;
import dev.wharf.endpoint.Codecs;
import dev.wharf.endpoint.MessageHandlers;
import dev.wharf.endpoint.ReturnValues;
import dev.wharf.engine.EngineConfig;
import dev.wharf.metrics.EndpointMeters;
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
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One WebSocket conversation, server or client side: the Jakarta {@link Session}, and the wiring of its parts.
 *
 * <ul>
 *   <li>{@link Inbound}: bytes from the transport into the engine, messages out to the endpoint;</li>
 *   <li>{@link Outbound}: what the remotes send, through {@link Sender} and {@link SendQueue};</li>
 *   <li>{@link Closing}: the one close state machine of the connection, and the single run of {@code onClose}.</li>
 * </ul>
 *
 * <p>Threads: the transport's reader feeds {@link #onBytes}; the engine's events are handed to a
 * {@link SerialDispatcher}, which runs every endpoint callback one at a time, in order; any thread may send or close.
 * The reader is suspended while too many received bytes wait for the endpoint.
 */
public final class WebSocketSession implements Session, ReturnValues {

    private final String id;
    private final SessionServices services;
    private final SessionGroup group;
    /** Resolved once: recording is one call per event (docs/METRICS.md). */
    private final EndpointMeters meters;
    private final Endpoint endpoint;
    private final EndpointConfig config;
    private final SessionInfo info;
    private final SessionTimers timers;
    private final SerialDispatcher dispatcher;
    private final MessageHandlers handlers;
    private final EndpointErrors errors;
    private final Inbound inbound;
    private final Closing closing;
    private final Outbound outbound;
    /** See {@link #replyFlush()}; only a turn's thread touches it. */
    private Runnable replyFlush;

    /**
     * Builds a session; nothing happens on the wire until {@link #open()}.
     *
     * @param engineConfig the engine's fixed settings (role, extensions); message limits come from the defaults
     */
    public WebSocketSession(SessionServices services, SessionGroup group, Endpoint endpoint, EndpointConfig config,
                            SessionInfo info, Transport transport, EngineConfig engineConfig, ClassLoader loader) {
        if (engineConfig.repliesToClose()) {
            throw new IllegalArgumentException("a session replies to close frames itself, after the messages before"
                    + " them: build its EngineConfig with repliesToClose(false)");
        }
        this.id = services.nextId();
        this.services = services;
        this.group = group;
        this.meters = group.meters();
        this.endpoint = endpoint;
        this.config = config;
        this.info = info;
        ContainerDefaults defaults = services.defaults();
        SendQueue sendQueue = new SendQueue(transport, services.sendBudget());
        SessionDeadlines deadlines = new SessionDeadlines();
        DeadlineTimer hostTimer = transport.deadlineTimer();
        this.timers = new SessionTimers(hostTimer != null ? hostTimer : services.timer(), sendQueue, deadlines,
                defaults);
        // A session whose last write is still out (its peer is behind) waits for a thread behind those that keep up.
        this.dispatcher = new SerialDispatcher(services.pool(), services.laggingPool(),
                () -> !sendQueue.isIdle() || sendQueue.abandoned(), loader);
        Codecs codecs = new Codecs(config.getDecoders(), config.getEncoders(), config);
        this.handlers = new MessageHandlers(codecs);
        this.errors = new EndpointErrors(this, endpoint);
        this.inbound = new Inbound(id, engineConfig, transport, sendQueue, timers, dispatcher, services, handlers,
                errors, meters);
        // The engine reports to Inbound, which ends in Closing, which sends through the engine: one knot, tied here.
        Sender sender = new Sender(inbound.engine(), sendQueue, new SendGate(), timers, defaults, meters);
        SessionEnd end = new SessionEnd(this, endpoint, group, inbound, errors, codecs, services, meters, timers);
        this.closing = new Closing(id, transport, sender, sendQueue, timers, dispatcher, defaults, end, meters);
        this.inbound.connect(closing, sender);
        this.outbound = new Outbound(this, sender, sendQueue, timers, codecs, closing, defaults, meters);
        deadlines.connect(closing, outbound);
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
        meters.recordOpened();
        timers.armIdleCheck();
        InboundTap tap = SessionPort.tap();
        boolean tapOpens = tap != null && tap.opensWithWork(this, config);
        inbound.start(() -> {
            try {
                if (tapOpens) {
                    tap.opening(this); // rooms named by the endpoint's path join before onOpen
                }
                endpoint.onOpen(this, config);
                inbound.applyDeliveryModes();
            } catch (Throwable t) {
                errors.report(t);
                closing.close(ContainerClose.ENDPOINT_FAILED, "onOpen failed: " + EndpointErrors.describe(t));
            }
        }, tapOpens || openRunsApplicationCode());
    }

    /**
     * Whether {@code onOpen} may run the application's code: always, but for an annotated endpoint without
     * {@code @OnOpen} (a subclass of Wharf's adapter may override it: then yes).
     */
    private boolean openRunsApplicationCode() {
        return !(endpoint instanceof AnnotatedEndpoint annotated)
                || annotated.getClass() != AnnotatedEndpoint.class || annotated.hasOnOpen();
    }

    /**
     * Bytes from the peer, split anywhere. Called by the transport's reader, one call at a time. Until onOpen has
     * run they are only kept: the engine must not frame a message before the endpoint's handlers say whether to
     * assemble or stream it.
     */
    public void onBytes(ByteBuffer bytes) {
        inbound.onBytes(bytes);
    }

    /**
     * Bytes of the frame being received that have not arrived yet (0 between frames): a transport may read in larger
     * pieces while many are awaited. The reader's, after {@link #onBytes}.
     */
    public long payloadAwaited() {
        return inbound.payloadAwaited();
    }

    /** Whether no endpoint callback is queued or running (for tests that need the reader to find it so). */
    boolean callbacksIdle() {
        return inbound.callbacksIdle();
    }

    /** The transport's input ended (end of stream or error). Called once, by the reader. */
    public void onInputEnd(Throwable cause) {
        inbound.onInputEnd();
        closing.inputEnded(cause);
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
        closing.close(reason.getCloseCode().getCode(), reason);
    }

    /**
     * The container closes on its own with an explicit wire code (e.g. shutdown's 1001); the endpoint sees 1006
     * ([WSC 2.1.5-1]: a close the local container initiates).
     */
    public void closeByContainer(int code, String reason) {
        closing.close(code, CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode(), reason);
    }

    // ---- for the rooms package, through SessionPort ------------------------------------------------------------

    DeadlineTimer deadlineTimer() {
        return timers.timer();
    }

    SessionServices services() {
        return services;
    }

    EndpointConfig endpointConfig() {
        return config;
    }

    Sender sender() {
        return outbound.sender();
    }

    Object encode(Object value) throws EncodeException {
        return outbound.encode(value);
    }

    void abandonSends(ContainerClose why, String reason, IOException cause) {
        outbound.abandon(why, reason, cause);
    }

    /**
     * Runs {@code action} once this session has closed and run {@code onClose}: at once, on the calling thread, if
     * that already happened. For whoever keeps an index of sessions (the servlet bridge's HTTP-session map), so
     * closed sessions do not pile up in it.
     */
    public void whenClosed(Runnable action) {
        closing.signals().whenClosed(action);
    }

    /**
     * Waits up to {@code ms} for the connection to have ended: closing handshake done and connection closed, or
     * dropped. For a container that is stopping: its host may cut every connection once it is told we are done.
     */
    public boolean awaitConnectionEnded(long ms) {
        return closing.signals().awaitConnectionEnded(ms);
    }

    /** Waits up to {@code ms} for {@code onClose} to have run. */
    public boolean awaitClosed(long ms) {
        return closing.signals().awaitClosed(ms);
    }

    /** Sending stops when closing starts; Closing needs the Sender, so the Sender asks through here. */
    private final class SendGate implements Sender.Gate {
        @Override
        public void checkSendable() throws IOException {
            closing.checkSendable();
        }
    }

    /** This session as the container's send budget sees it. Made only while the budget is enforced. */
    SendBudget.Holder budgetHolder() {
        return outbound.budgetHolder();
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
        inbound.applyDeliveryModes();
    }

    @Override
    public <T> void addMessageHandler(Class<T> type, MessageHandler.Whole<T> handler) {
        checkOpen();
        handlers.add(type, handler);
        inbound.applyDeliveryModes();
    }

    @Override
    public <T> void addMessageHandler(Class<T> type, MessageHandler.Partial<T> handler) {
        checkOpen();
        handlers.add(type, handler);
        inbound.applyDeliveryModes();
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
        inbound.applyDeliveryModes();
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
     * {@link Outbound#checkOpen}), but sending is refused as soon as a close starts (see
     * {@link Closing#checkSendable}): inside
     * {@code onClose}, or in a callback after {@code close()}, this may say true while sends fail with IOException.
     */
    @Override
    public boolean isOpen() {
        return !closing.signals().isClosed();
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
        inbound.maxBinary(length);
    }

    @Override
    public int getMaxBinaryMessageBufferSize() {
        return inbound.maxBinary();
    }

    @Override
    public void setMaxTextMessageBufferSize(int length) {
        checkOpen();
        inbound.maxText(length);
    }

    @Override
    public int getMaxTextMessageBufferSize() {
        return inbound.maxText();
    }

    @Override
    public RemoteEndpoint.Async getAsyncRemote() {
        checkOpen();
        return outbound.asyncRemote();
    }

    @Override
    public RemoteEndpoint.Basic getBasicRemote() {
        checkOpen();
        return outbound.basicRemote();
    }

    /**
     * While more callbacks of this turn wait (the rest of one read's messages), the reply is queued and written with
     * theirs when the turn ends: one write for the replies of a read instead of one each (while the application
     * batches, {@code setBatchingAllowed}, it is held in the batch as any send). Otherwise, or with
     * {@code dev.wharf.coalesceReplies} false, it is a blocking send.
     */
    @Override
    public void sendReturnValue(Object value) throws IOException, EncodeException {
        checkOpen();
        if (!dispatcher.moreInThisTurn() || !services.defaults().coalesceReplies()) {
            outbound.basicRemote().sendObject(value);
            return;
        }
        outbound.queueReply(outbound.encode(value));
        dispatcher.beforeTurnEnds(replyFlush());
    }

    /** The turn's end for queued replies: made on the first reply queued (most sessions never queue one). */
    private Runnable replyFlush() {
        Runnable flush = replyFlush;
        if (flush == null) {
            flush = () -> {
                try {
                    outbound.flushReplies();
                } catch (IOException e) {
                    errors.report(e); // the @OnMessage javadoc: a failed return send goes to the error method
                }
            };
            replyFlush = flush;
        }
        return flush;
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

    private void checkOpen() {
        outbound.checkOpen();
    }

    @Override
    public String toString() {
        return "WebSocketSession[" + id + " " + info.requestUri() + " " + closing.phase() + "]";
    }
}
