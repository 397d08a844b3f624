package dev.wharf.endpoint;

import dev.wharf.endpoint.AnnotatedEndpointModel.MessageMethod;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;

/**
 * Adapts one instance of an annotated endpoint class to the programmatic {@link Endpoint} lifecycle.
 * <p>
 * Exceptions: what the user's {@code @OnOpen} and {@code @OnMessage} methods throw (checked ones included) leaves
 * {@link #onOpen} and the registered message handlers unchanged, for the session to route to {@link #onError}.
 * An {@code @OnClose} failure goes to {@link #onError} here [WSC-4.5-3]; an {@code @OnError} failure, or an error
 * with no {@code @OnError} method, is logged [WSC-5.2.2-3], [WSC-5.2.2-4].
 */
public class AnnotatedEndpoint extends Endpoint {

    private static final System.Logger LOG = System.getLogger(AnnotatedEndpoint.class.getName());

    private final AnnotatedEndpointModel model;
    private final Object instance;

    public AnnotatedEndpoint(AnnotatedEndpointModel model, Object instance) {
        this.model = Objects.requireNonNull(model, "model");
        this.instance = Objects.requireNonNull(instance, "instance");
        if (!model.endpointClass().isInstance(instance)) {
            throw new IllegalArgumentException(instance.getClass().getName() + " is not an instance of "
                    + model.endpointClass().getName());
        }
    }

    /** Applies maxMessageSize, registers one handler per {@code @OnMessage} method, then calls {@code @OnOpen}. */
    @Override
    public void onOpen(Session session, EndpointConfig config) {
        if (model.maxTextMessageSize() >= 0) {
            session.setMaxTextMessageBufferSize((int) Math.min(model.maxTextMessageSize(), Integer.MAX_VALUE));
        }
        if (model.maxBinaryMessageSize() >= 0) {
            session.setMaxBinaryMessageBufferSize((int) Math.min(model.maxBinaryMessageSize(), Integer.MAX_VALUE));
        }
        List<MessageMethod> methods = model.messageMethods();
        for (int i = 0; i < methods.size(); i++) { // by index: no iterator per session
            register(session, methods.get(i));
        }
        BoundMethod onOpen = model.onOpen();
        if (onOpen != null) {
            try {
                onOpen.invoke(instance, session, config, null, null, null, true);
            } catch (Throwable t) {
                throw sneaky(t);
            }
        }
    }

    /**
     * Whether {@link #onOpen} runs application code: the class has an {@code @OnOpen} method. Without one it only
     * applies the sizes and registers Wharf's own handlers (the decoders were made and initialised with the session).
     */
    public boolean hasOnOpen() {
        return model.onOpen() != null;
    }

    /** Whether {@link #onClose} runs application code: the class has an {@code @OnClose} method. */
    public boolean hasOnClose() {
        return model.onClose() != null;
    }

    @Override
    public void onClose(Session session, CloseReason closeReason) {
        BoundMethod onClose = model.onClose();
        if (onClose != null) {
            try {
                onClose.invoke(instance, session, null, closeReason, null, null, true);
            } catch (Throwable t) {
                onError(session, t); // [WSC-4.5-3]
            }
        }
    }

    @Override
    public void onError(Session session, Throwable error) {
        BoundMethod onError = model.onError();
        if (onError == null) {
            // A failed send or read is the connection failing or being given up on (a peer that does not read), and
            // onClose says why: not an application bug worth a warning. A warning with a stack trace each, for a
            // thousand slow peers given up at once, queued every callback thread on the log's lock while other
            // sessions waited for one (issue #19).
            Level level = error instanceof IOException ? Level.DEBUG : Level.WARNING;
            LOG.log(level, () -> "Unhandled error in session " + sessionId(session) + " of "
                    + model.endpointClass().getName() + " (it has no @OnError method)", error);
            return;
        }
        try {
            onError.invoke(instance, session, null, null, error, null, true);
        } catch (Throwable t) {
            t.addSuppressed(error);
            LOG.log(Level.WARNING, () -> "@OnError method " + onError + " failed in session " + sessionId(session),
                    t);
        }
    }

    @Override
    public String toString() {
        return "AnnotatedEndpoint[" + model.endpointClass().getName() + "]";
    }

    @SuppressWarnings("unchecked")
    private void register(Session session, MessageMethod method) {
        Class<Object> type = (Class<Object>) method.type();
        if (method.partial()) {
            session.addMessageHandler(type, (MessageHandler.Partial<Object>) (part, last) ->
                    deliver(session, method, part, last));
        } else {
            session.addMessageHandler(type, (MessageHandler.Whole<Object>) message ->
                    deliver(session, method, message, true));
        }
    }

    private void deliver(Session session, MessageMethod method, Object message, boolean last) {
        Object result;
        try {
            result = method.method().invoke(instance, session, null, null, null, message, last);
        } catch (Throwable t) {
            throw sneaky(t); // the handler interface declares nothing; the session catches and routes it
        }
        if (result != null) {
            try {
                if (session instanceof ReturnValues replies) {
                    replies.sendReturnValue(result);
                } else {
                    session.getBasicRemote().sendObject(result);
                }
            } catch (Exception e) {
                onError(session, e); // the javadoc of @OnMessage: a failed return send goes to the error method
            }
        }
    }

    private static String sessionId(Session session) {
        try {
            return session == null ? "(none)" : session.getId();
        } catch (RuntimeException e) {
            return "(unknown)";
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }
}
