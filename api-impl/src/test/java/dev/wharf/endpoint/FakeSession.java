package dev.wharf.endpoint;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.Principal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A test double of a session, wired like the real one: handlers live in a {@link MessageHandlers}, messages arrive
 * through it, and whatever a dispatch throws is routed to the endpoint's {@code onError}. Sends are recorded.
 */
final class FakeSession implements Session {

    final MessageHandlers handlers;
    final Map<String, String> pathParameters = new HashMap<>();
    final List<Object> sent = new ArrayList<>();
    final List<Throwable> routedErrors = new ArrayList<>();
    Endpoint endpoint;
    Exception sendFailure;
    int maxText = 8192;
    int maxBinary = 8192;

    FakeSession(Codecs codecs) {
        this.handlers = new MessageHandlers(codecs);
    }

    FakeSession() {
        this(new Codecs(List.of(), List.of(), null));
    }

    FakeSession path(String name, String value) {
        pathParameters.put(name, value);
        return this;
    }

    void open(Endpoint endpoint, EndpointConfig config) {
        this.endpoint = endpoint;
        route(() -> endpoint.onOpen(this, config));
    }

    void closeWith(CloseReason reason) {
        endpoint.onClose(this, reason);
    }

    boolean text(String text) {
        return text(text, true);
    }

    boolean text(String text, boolean last) {
        boolean[] handled = {false};
        route(() -> handled[0] = handlers.onText(text, last));
        return handled[0];
    }

    boolean binary(ByteBuffer data, boolean last) {
        boolean[] handled = {false};
        route(() -> handled[0] = handlers.onBinary(data, last));
        return handled[0];
    }

    boolean pong(ByteBuffer data) {
        boolean[] handled = {false};
        route(() -> handled[0] = handlers.onPong(data));
        return handled[0];
    }

    private interface Action {
        void run() throws Exception;
    }

    /** What the real session does around each callback: errors go to Endpoint.onError. */
    private void route(Action action) {
        try {
            action.run();
        } catch (Exception e) {
            routedErrors.add(e);
            if (endpoint != null) {
                endpoint.onError(this, e);
            }
        }
    }

    @Override
    public RemoteEndpoint.Basic getBasicRemote() {
        return (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class}, (proxy, method, args) -> {
                    if (method.getName().startsWith("send")) {
                        if (sendFailure != null) {
                            throw sendFailure;
                        }
                        sent.add(args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Override
    public void addMessageHandler(MessageHandler handler) {
        handlers.add(handler);
    }

    @Override
    public <T> void addMessageHandler(Class<T> clazz, MessageHandler.Whole<T> handler) {
        handlers.add(clazz, handler);
    }

    @Override
    public <T> void addMessageHandler(Class<T> clazz, MessageHandler.Partial<T> handler) {
        handlers.add(clazz, handler);
    }

    @Override
    public Set<MessageHandler> getMessageHandlers() {
        return handlers.handlers();
    }

    @Override
    public void removeMessageHandler(MessageHandler handler) {
        handlers.remove(handler);
    }

    @Override
    public Map<String, String> getPathParameters() {
        return pathParameters;
    }

    @Override
    public void setMaxBinaryMessageBufferSize(int length) {
        maxBinary = length;
    }

    @Override
    public int getMaxBinaryMessageBufferSize() {
        return maxBinary;
    }

    @Override
    public void setMaxTextMessageBufferSize(int length) {
        maxText = length;
    }

    @Override
    public int getMaxTextMessageBufferSize() {
        return maxText;
    }

    @Override
    public String getId() {
        return "fake-1";
    }

    // ---- not used by the endpoint package ----

    @Override
    public WebSocketContainer getContainer() {
        return null;
    }

    @Override
    public String getProtocolVersion() {
        return "13";
    }

    @Override
    public String getNegotiatedSubprotocol() {
        return "";
    }

    @Override
    public List<Extension> getNegotiatedExtensions() {
        return List.of();
    }

    @Override
    public boolean isSecure() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public long getMaxIdleTimeout() {
        return 0;
    }

    @Override
    public void setMaxIdleTimeout(long milliseconds) {
    }

    @Override
    public RemoteEndpoint.Async getAsyncRemote() {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }

    @Override
    public void close(CloseReason closeReason) {
    }

    @Override
    public URI getRequestURI() {
        return URI.create("ws://localhost/test");
    }

    @Override
    public Map<String, List<String>> getRequestParameterMap() {
        return Map.of();
    }

    @Override
    public String getQueryString() {
        return null;
    }

    @Override
    public Map<String, Object> getUserProperties() {
        return new HashMap<>();
    }

    @Override
    public Principal getUserPrincipal() {
        return null;
    }

    @Override
    public Set<Session> getOpenSessions() {
        return Set.of(this);
    }
}
